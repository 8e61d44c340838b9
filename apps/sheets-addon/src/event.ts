// The Workspace add-on event object an HTTP endpoint receives (the fields the add-on reads).
import { z } from 'zod';

const FormInput = z.looseObject({
  stringInputs: z.looseObject({ value: z.array(z.string()) }).optional(),
});

export const AddonEventSchema = z.looseObject({
  commonEventObject: z
    .looseObject({
      hostApp: z.string().optional(),
      platform: z.string().optional(),
      userLocale: z.string().optional(),
      timeZone: z.looseObject({ id: z.string().optional(), offset: z.number().optional() }).optional(),
      formInputs: z.record(z.string(), FormInput).optional(),
      parameters: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  /** Only present for HTTP endpoints. */
  authorizationEventObject: z.looseObject({
    userOAuthToken: z.string().min(1),
    userIdToken: z.string().min(1),
    systemIdToken: z.string().optional(),
  }),
  /** Sheets: `id` and `title` only once the user granted access to this file (drive.file). */
  sheets: z
    .looseObject({
      id: z.string().optional(),
      title: z.string().optional(),
      addonHasFileScopePermission: z.boolean().optional(),
    })
    .optional(),
});
export type AddonEvent = z.infer<typeof AddonEventSchema>;

/** The value of a form input (the first one), or of an action parameter. */
export function formValue(event: AddonEvent, name: string): string | undefined {
  return (
    event.commonEventObject?.formInputs?.[name]?.stringInputs?.value[0] ??
    event.commonEventObject?.parameters?.[name]
  );
}

/** The open spreadsheet's id, when the user gave the add-on access to it. */
export function openSpreadsheet(event: AddonEvent): { id: string; title: string } | null {
  const s = event.sheets;
  if (!s?.id) return null;
  return { id: s.id, title: s.title ?? '' };
}
