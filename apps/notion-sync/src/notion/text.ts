// Rich text for Notion: plain strings split into ≤ 2,000-character segments (≤ 100 per array), and back to plain text.
export const MAX_SEGMENT = 2000;
export const MAX_SEGMENTS = 100;

export interface TextItem {
  type: 'text';
  text: { content: string };
  annotations?: { color?: string; bold?: boolean; italic?: boolean };
}

/** Splits `s` into segments of at most 2,000 characters, never inside a surrogate pair. */
export function splitText(s: string, size = MAX_SEGMENT): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    let end = Math.min(s.length, i + size);
    const code = s.charCodeAt(end - 1);
    if (end < s.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
    out.push(s.slice(i, end));
    i = end;
  }
  return out;
}

/** A rich-text array for `s`; throws when it would need more than 100 segments (200,000 characters). */
export function richText(s: string, annotations?: TextItem['annotations']): TextItem[] {
  const parts = splitText(s);
  if (parts.length > MAX_SEGMENTS)
    throw new Error(`text of ${s.length} characters exceeds Notion's rich-text limit`);
  return parts.map((content) => ({
    type: 'text',
    text: { content },
    ...(annotations ? { annotations } : {}),
  }));
}

/** The plain text of a rich-text array from a Notion response. */
export function plain(items: unknown): string {
  if (!Array.isArray(items)) return '';
  return items
    .map((i) => (typeof i?.plain_text === 'string' ? i.plain_text : (i?.text?.content ?? '')))
    .join('');
}
