// The sendActivityNotification request body as Microsoft Graph v1.0 publishes it, checked against the app's declared activity types.
import { z } from 'zod';

const KeyValue = z.strictObject({ name: z.string().min(1), value: z.string() });

const Topic = z
  .object({
    source: z.enum(['entityUrl', 'text']),
    value: z.string().min(1),
    webUrl: z.string().optional(),
  })
  .superRefine((t, ctx) => {
    if (t.source === 'text' && (t.webUrl === undefined || t.webUrl === '')) {
      ctx.addIssue({ code: 'custom', message: 'topic.webUrl is required when topic.source is text' });
    }
    if (t.source === 'entityUrl' && !/^https:\/\/graph\.microsoft\.com\//.test(t.value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'topic.value must be a Microsoft Graph URL when source is entityUrl',
      });
    }
    if (t.webUrl !== undefined && !/^https:\/\//.test(t.webUrl)) {
      ctx.addIssue({ code: 'custom', message: 'topic.webUrl must be an https URL' });
    }
  });

export const ActivityNotificationBody = z.object({
  topic: Topic,
  activityType: z.string().min(1),
  chainId: z.number().int().optional(),
  previewText: z.object({ content: z.string().max(150) }).optional(),
  teamsAppId: z.string().optional(),
  templateParameters: z.array(KeyValue).optional(),
});
export type ActivityNotificationBody = z.infer<typeof ActivityNotificationBody>;

/** The `{name}` placeholders of a template text, `{actor}` excepted (Teams fills it with the app's name). */
export function templatePlaceholders(templateText: string): string[] {
  return [...templateText.matchAll(/\{([A-Za-z0-9_]+)\}/g)]
    .map((m) => m[1] as string)
    .filter((name) => name !== 'actor');
}

/** The text shown in the feed: placeholders replaced by their parameters and `{actor}` by the app's name. */
export function renderTemplate(
  templateText: string,
  actor: string,
  params: ReadonlyMap<string, string>,
): string {
  return templateText.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    name === 'actor' ? actor : (params.get(name) ?? whole),
  );
}

/**
 * What is wrong with a parsed body for an app declaring `activityTypes` (type → templateText): an undeclared type,
 * a missing or undeclared template parameter. Null when it is fine.
 */
export function bodyProblem(
  body: ActivityNotificationBody,
  activityTypes: ReadonlyMap<string, string>,
): string | null {
  const params = body.templateParameters ?? [];
  const names = params.map((p) => p.name);
  if (new Set(names).size !== names.length) return 'templateParameters names a parameter twice.';
  if (body.activityType === 'systemDefault') {
    return names.includes('systemDefaultText')
      ? null
      : 'The systemDefault activity type needs the systemDefaultText template parameter.';
  }
  const template = activityTypes.get(body.activityType);
  if (template === undefined) {
    return `Activity type ${body.activityType} is not declared in the Teams app manifest.`;
  }
  const wanted = templatePlaceholders(template);
  const missing = wanted.filter((w) => !names.includes(w));
  if (missing.length > 0) return `Missing template parameter(s): ${missing.join(', ')}.`;
  const extra = names.filter((n) => !wanted.includes(n));
  if (extra.length > 0)
    return `Template parameter(s) not in the activity type's templateText: ${extra.join(', ')}.`;
  return null;
}
