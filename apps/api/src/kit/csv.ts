// A small RFC 4180 CSV parser: quoted fields, "" escapes, CRLF or LF line ends, a leading BOM.

export interface CsvRecord {
  /** 1-based line number where the record starts (the header is usually line 1). */
  line: number;
  fields: string[];
}

export type CsvResult =
  | { ok: true; records: CsvRecord[] }
  | { ok: false; error: { message: string; line: number; column: number } };

/**
 * Parses CSV text into records. Fields are separated by commas; a field in double quotes may hold
 * commas, line breaks and `""` (an escaped quote). A quote inside an unquoted field, text after a
 * closing quote and an unterminated quote are errors. Records whose fields are all empty (blank
 * lines) are dropped; a trailing line break does not make an extra record.
 */
export function parseCsv(input: string): CsvResult {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let column = 1;
  let recordLine = 1;
  let i = 0;
  const fail = (message: string): CsvResult => ({ ok: false, error: { message, line, column } });
  const endRecord = () => {
    fields.push(field);
    if (fields.some((f) => f !== '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };

  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      if (field !== '')
        return fail('a quote may only start a field (escape quotes inside quoted fields as "")');
      // Quoted field; an unterminated one is reported where it opened.
      const open = { line, column };
      i++;
      column++;
      let closed = false;
      while (i < text.length) {
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            column += 2;
            continue;
          }
          i++;
          column++;
          closed = true;
          break;
        }
        if (q === '\n') {
          line++;
          column = 1;
        } else column++;
        field += q;
        i++;
      }
      if (!closed) return { ok: false, error: { message: 'unterminated quoted field', ...open } };
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        return fail('unexpected text after a closing quote');
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      i++;
      column++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      column = 1;
      recordLine = line;
      continue;
    }
    field += ch;
    i++;
    column++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return { ok: true, records };
}
