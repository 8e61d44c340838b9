// Rich text: request validation (≤ 100 items, text ≤ 2,000 characters) and Notion's response shape.
import { tooMany, validationError } from './errors.ts';

export const MAX_TEXT = 2000;
export const MAX_RICH_TEXT_ITEMS = 100;

export interface Annotations {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  code: boolean;
  color: string;
}

export interface RichTextItem {
  type: 'text';
  text: { content: string; link: { url: string } | null };
  annotations: Annotations;
  plain_text: string;
  href: string | null;
}

const DEFAULT_ANNOTATIONS: Annotations = {
  bold: false,
  italic: false,
  strikethrough: false,
  underline: false,
  code: false,
  color: 'default',
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a rich-text request array at `path` and returns it in response shape. */
export function parseRichText(value: unknown, path: string): RichTextItem[] {
  if (!Array.isArray(value))
    throw validationError(`${path} should be an array, instead was \`${JSON.stringify(value)}\`.`);
  if (value.length > MAX_RICH_TEXT_ITEMS) throw tooMany(`${path}.length`, MAX_RICH_TEXT_ITEMS, value.length);
  return value.map((item, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item))
      throw validationError(`${at} should be an object, instead was \`${JSON.stringify(item)}\`.`);
    if (item.type !== undefined && item.type !== 'text') {
      throw validationError(`${at}.type should be \`"text"\`, instead was \`${JSON.stringify(item.type)}\`.`);
    }
    const text = item.text;
    if (!isObject(text) || typeof text.content !== 'string') {
      throw validationError(
        `${at}.text.content should be a string, instead was \`${JSON.stringify(isObject(text) ? text.content : text)}\`.`,
      );
    }
    if (text.content.length > MAX_TEXT)
      throw tooMany(`${at}.text.content.length`, MAX_TEXT, text.content.length);
    const link = isObject(text.link) && typeof text.link.url === 'string' ? { url: text.link.url } : null;
    const annotations = {
      ...DEFAULT_ANNOTATIONS,
      ...(isObject(item.annotations) ? item.annotations : {}),
    } as Annotations;
    return {
      type: 'text',
      text: { content: text.content, link },
      annotations,
      plain_text: text.content,
      href: link?.url ?? null,
    };
  });
}

export const plainText = (items: readonly RichTextItem[]): string => items.map((i) => i.plain_text).join('');

/** A response rich-text array for a plain string (used for titles the fake builds itself). */
export const textItems = (content: string): RichTextItem[] =>
  content === '' ? [] : parseRichText([{ type: 'text', text: { content } }], 'text');
