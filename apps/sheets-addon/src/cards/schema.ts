// A zod schema of the Card v1 / RenderActions subset the add-on emits (google.apps.card.v1 and the HTTP add-on responses).
import { z } from 'zod';

const url = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}, 'must be an absolute URL');

const Color = z.strictObject({
  red: z.number().min(0).max(1),
  green: z.number().min(0).max(1),
  blue: z.number().min(0).max(1),
  alpha: z.number().min(0).max(1).optional(),
});

/** `Action`: in the HTTP runtime `function` is the full URL of the endpoint to call. */
export const ActionSchema = z.strictObject({
  function: url,
  parameters: z.array(z.strictObject({ key: z.string().min(1), value: z.string() })).optional(),
  loadIndicator: z.enum(['SPINNER', 'NONE']).optional(),
  persistValues: z.boolean().optional(),
});

export const OpenLinkSchema = z.strictObject({
  url,
  openAs: z.enum(['FULL_SIZE', 'OVERLAY']).optional(),
  onClose: z.enum(['NOTHING', 'RELOAD']).optional(),
});

/** `OnClick` is a oneof: exactly one of these. */
const OnClick = z.union([
  z.strictObject({ action: ActionSchema }),
  z.strictObject({ openLink: OpenLinkSchema }),
]);

const Icon = z.union([
  z.strictObject({ knownIcon: z.string().min(1), altText: z.string().optional() }),
  z.strictObject({ iconUrl: url, altText: z.string().optional() }),
]);

export const ButtonSchema = z.strictObject({
  text: z.string().min(1),
  onClick: OnClick,
  color: Color.optional(),
  disabled: z.boolean().optional(),
  altText: z.string().optional(),
  icon: Icon.optional(),
});

const SelectionInput = z
  .strictObject({
    name: z.string().min(1),
    label: z.string().min(1),
    type: z.enum(['CHECK_BOX', 'RADIO_BUTTON', 'SWITCH', 'DROPDOWN']),
    items: z
      .array(z.strictObject({ text: z.string().min(1), value: z.string(), selected: z.boolean().optional() }))
      .min(1)
      .max(100),
    onChangeAction: ActionSchema.optional(),
  })
  .refine(
    (s) => !['DROPDOWN', 'RADIO_BUTTON'].includes(s.type) || s.items.filter((i) => i.selected).length <= 1,
    {
      message: 'a dropdown or radio group selects at most one item',
    },
  )
  .refine((s) => new Set(s.items.map((i) => i.value)).size === s.items.length, {
    message: 'item values repeat',
  });

/** `Widget` is a oneof over its data fields. */
export const WidgetSchema = z.union([
  z.strictObject({ textParagraph: z.strictObject({ text: z.string().min(1) }) }),
  z.strictObject({
    decoratedText: z.strictObject({
      text: z.string().min(1),
      topLabel: z.string().optional(),
      bottomLabel: z.string().optional(),
      wrapText: z.boolean().optional(),
      startIcon: Icon.optional(),
      button: ButtonSchema.optional(),
    }),
  }),
  z.strictObject({ buttonList: z.strictObject({ buttons: z.array(ButtonSchema).min(1) }) }),
  z.strictObject({ selectionInput: SelectionInput }),
  z.strictObject({ divider: z.strictObject({}) }),
]);

const CardHeader = z.strictObject({
  title: z.string().min(1),
  subtitle: z.string().optional(),
  imageUrl: url.optional(),
  imageType: z.enum(['SQUARE', 'CIRCLE']).optional(),
  imageAltText: z.string().optional(),
});

export const SectionSchema = z.strictObject({
  header: z.string().optional(),
  widgets: z.array(WidgetSchema).min(1),
  collapsible: z.boolean().optional(),
  uncollapsibleWidgetsCount: z.number().int().min(0).optional(),
});

/** Footer buttons must be text buttons with text and color. */
const FooterButton = ButtonSchema.refine((b) => b.color !== undefined, {
  message: 'footer buttons need a color',
});

export const CardSchema = z.strictObject({
  header: CardHeader.optional(),
  sections: z.array(SectionSchema).min(1),
  name: z.string().optional(),
  fixedFooter: z
    .strictObject({ primaryButton: FooterButton, secondaryButton: FooterButton.optional() })
    .optional(),
  displayStyle: z.enum(['PEEK', 'REPLACE']).optional(),
  peekCardHeader: CardHeader.optional(),
});
export type Card = z.infer<typeof CardSchema>;

const Navigation = z.union([
  z.strictObject({ pushCard: CardSchema }),
  z.strictObject({ updateCard: CardSchema }),
  z.strictObject({ popCard: z.literal(true) }),
  z.strictObject({ popToRoot: z.literal(true) }),
  z.strictObject({ popToCard: z.string().min(1) }),
]);

const ActionResponse = z
  .strictObject({
    navigations: z.array(Navigation).min(1).optional(),
    notification: z.strictObject({ text: z.string().min(1) }).optional(),
    link: OpenLinkSchema.optional(),
  })
  .refine((a) => Object.keys(a).length > 0, { message: 'an action must do something' });

const HostAppAction = z.strictObject({
  editorAction: z.strictObject({ requestFileScopeForActiveDocument: z.strictObject({}) }),
});

/** What a homepage trigger answers: the first card. */
export const HomepageResponseSchema = z.strictObject({
  action: z.strictObject({ navigations: z.array(z.strictObject({ pushCard: CardSchema })).length(1) }),
});

/** What an action endpoint answers. */
export const RenderActionsResponseSchema = z.strictObject({
  renderActions: z.union([
    z.strictObject({ action: ActionResponse }),
    z.strictObject({ hostAppAction: HostAppAction }),
  ]),
});

export const AddonResponseSchema = z.union([HomepageResponseSchema, RenderActionsResponseSchema]);
export type AddonResponse = z.infer<typeof AddonResponseSchema>;
