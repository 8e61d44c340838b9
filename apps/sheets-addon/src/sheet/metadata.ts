// The developer metadata that marks a Perfloop sheet: its kind, cycle, scope, layout version and export id.
import { z } from 'zod';

export const METADATA_KEY = 'perfloop.sheet';
/** Bumped whenever the scoring layout changes; an import refuses sheets of another layout. */
export const SCORING_LAYOUT = 2;

export const SheetMetadata = z.object({
  kind: z.enum(['scoring', 'calibration']),
  layout: z.number().int(),
  /** The scoring tab: found by this id (never by title) on import and refresh. */
  sheetId: z.number().int(),
  /** The tab's title at creation (the analyst may rename it since). */
  title: z.string(),
  cycleId: z.string(),
  cycleName: z.string(),
  scope: z.string(),
  /** Unique per export; idempotency keys of the import derive from it. */
  exportId: z.string(),
  exportedAt: z.string(),
  /** Data rows the sheet has (refresh may add some). */
  rows: z.number().int().min(0),
  /** Bumped by each refresh. */
  revision: z.number().int().min(0),
});
export type SheetMetadata = z.infer<typeof SheetMetadata>;

export interface FoundMetadata {
  metadataId: number;
  value: SheetMetadata;
}

/** Parses search results; entries that are not ours (or another layout) are skipped. */
export function readMetadata(
  matches: readonly {
    developerMetadata?: { metadataId?: number | null; metadataValue?: string | null } | null;
  }[],
): FoundMetadata[] {
  const out: FoundMetadata[] = [];
  for (const m of matches) {
    const id = m.developerMetadata?.metadataId;
    const raw = m.developerMetadata?.metadataValue;
    if (typeof id !== 'number' || typeof raw !== 'string') continue;
    try {
      const value = SheetMetadata.safeParse(JSON.parse(raw));
      if (value.success) out.push({ metadataId: id, value: value.data });
    } catch {
      // Not JSON: someone else's metadata under our key; ignore it.
    }
  }
  return out;
}
