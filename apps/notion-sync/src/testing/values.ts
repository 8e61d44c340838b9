// A Notion page's property values in plain form, for assertions on what a page shows.
/** A property of a page object in plain form: numbers, select names, text, dates, relation/people ids. */
export function plainValue(row: Record<string, unknown>, property: string): unknown {
  const p = (row.properties as Record<string, Record<string, unknown>>)[property];
  if (!p) return undefined;
  const v = p[p.type as string];
  switch (p.type) {
    case 'title':
    case 'rich_text':
      return (v as { plain_text: string }[]).map((t) => t.plain_text).join('');
    case 'select':
    case 'status':
      return (v as { name: string } | null)?.name ?? null;
    case 'date':
      return (v as { start: string } | null)?.start ?? null;
    case 'people':
    case 'relation':
      return (v as { id: string }[]).map((x) => x.id);
    default:
      return v;
  }
}
