// Import scores: read the sheet once, judge every row, apply each person's edits all or nothing, report per row in the card and the sheet.

import {
  actionButton,
  buttons,
  card,
  esc,
  labelled,
  paragraph,
  pushCard,
  type SectionSpec,
  updateCard,
} from '../cards/build.ts';
import type { AddonResponse } from '../cards/schema.ts';
import { type AssessContext, type AssessedRow, assessRows } from '../scoring/assess.ts';
import { chunkBatches, type Outcome, personOutcomes, planImport } from '../scoring/plan.ts';
import { myManagerReviews } from '../sheet/rows.ts';
import { buildWriteBack, PerfloopNow, statusText } from '../sheet/writeback.ts';
import { SheetsFailure } from '../sheets/gateway.ts';
import { applyChunk } from './applyChunk.ts';
import { type CycleData, type FlowContext, loadCycleData, mapLimit } from './context.ts';
import { readScoringSheet } from './readSheet.ts';

/** How many problem rows the result card lists (the sheet has them all). */
const LISTED = 25;

export interface ImportSummary {
  applied: number;
  people: number;
  synced: number;
  invalid: number;
  conflicts: number;
  held: number;
  rejected: number;
  stale: number;
  unchanged: number;
  gone: number;
  sheetWrites: number;
}

export function assessContext(data: CycleData): AssessContext {
  return {
    phase: data.cycle.phase,
    scale: data.cycle.policy.ratingScale,
    relations: data.relations,
    goals: new Map(data.goals.map((g) => [g.id, g])),
    myReviews: myManagerReviews(data.reviews, data.me.id),
  };
}

export async function importScores(ctx: FlowContext): Promise<AddonResponse> {
  const located = await readScoringSheet(ctx);
  if ('response' in located) return located.response;
  const { spreadsheetId, meta, values } = located;
  if (!values.some((row) => row.some((v) => v !== '' && v !== null && v !== undefined))) {
    return updateCard(
      card('Perfloop', 'No rows to import', [
        {
          widgets: [
            paragraph(
              'The scoring tab has no rows below its header (they were deleted or cleared), so there is nothing to import and nothing was changed. <b>Refresh from Perfloop</b> puts every goal back, with Perfloop’s current values.',
            ),
            buttons(
              actionButton('Refresh from Perfloop', ctx.urls.refresh, {}, true),
              actionButton('Home', ctx.urls.home),
            ),
          ],
        },
      ]),
    );
  }
  const data = await loadCycleData(ctx.api, meta.value.cycleId);
  const assessed = assessRows(values, assessContext(data));
  const plan = planImport(assessed);
  const now = new PerfloopNow(data.goals, myManagerReviews(data.reviews, data.me.id).values());
  const outcomes = new Map<number, Outcome>(plan.outcomes);
  let people = 0;
  // Up to 100 people per request, each still all or nothing; a few requests in parallel.
  const chunks = chunkBatches(plan.batches, meta.value.exportId);
  await mapLimit(chunks, ctx.applyConcurrency, async (chunk) => {
    for (const { batch, outcome } of await applyChunk(
      ctx.api,
      meta.value.cycleId,
      meta.value.exportId,
      chunk,
    )) {
      if (outcome.outcome === 'applied') {
        people++;
        now.apply({ ...outcome, cycleId: meta.value.cycleId });
      }
      for (const [row, o] of personOutcomes(batch, outcome)) outcomes.set(row, o);
    }
  });
  const writeBack = buildWriteBack({
    sheetId: meta.value.sheetId,
    values,
    assessed,
    outcomes,
    now,
    relations: data.relations,
    phase: data.cycle.phase,
  });
  let sheetNotUpdated: string | undefined;
  if (writeBack.requests.length > 0) {
    try {
      // Fixed cells only: repeating it after an unknown outcome writes the same thing again.
      await ctx.sheets.batchUpdate(spreadsheetId, writeBack.requests, async () => false);
    } catch (error) {
      // Perfloop has already answered for every person: the card must still say what it did.
      if (!(error instanceof SheetsFailure)) throw error;
      sheetNotUpdated = writeBackFailure(error);
    }
  }
  const summary = summarise(assessed, outcomes, people, writeBack.requests.length > 0 ? 1 : 0);
  return pushCard(
    resultCard(ctx, data, assessed, outcomes, summary, sheetNotUpdated),
    sheetNotUpdated ? `${headline(summary)} The sheet was not updated.` : headline(summary),
  );
}

/** Why the statuses, notes and versions could not be written, and what to do about it. */
export function writeBackFailure(error: SheetsFailure): string {
  const protectedCells = error.status === 400 && /protected cell/i.test(error.message);
  const why = protectedCells
    ? 'its Perfloop columns are protected, and only the sheet’s creator (or the editors they add to the protection) may write them'
    : error.rateLimited
      ? 'Google Sheets is rate limiting your account right now'
      : `Google Sheets answered: ${error.message}`;
  return `Perfloop applied what this card reports, but the sheet’s statuses, notes and versions were not updated: ${why}. Importing again changes nothing more in Perfloop and tries the sheet again.`;
}

export function summarise(
  assessed: readonly AssessedRow[],
  outcomes: ReadonlyMap<number, Outcome>,
  people: number,
  sheetWrites: number,
): ImportSummary {
  const s: ImportSummary = {
    applied: 0,
    people,
    synced: 0,
    invalid: 0,
    conflicts: 0,
    held: 0,
    rejected: 0,
    stale: 0,
    unchanged: 0,
    gone: 0,
    sheetWrites,
  };
  for (const row of assessed) {
    const o = outcomes.get(row.rowNumber)?.kind ?? 'keep';
    if (o === 'applied') s.applied++;
    else if (o === 'synced') s.synced++;
    else if (o === 'invalid') s.invalid++;
    else if (o === 'conflict') s.conflicts++;
    else if (o === 'held') s.held++;
    else if (o === 'rejected') s.rejected++;
    else if (o === 'stale') s.stale++;
    else if (o === 'gone') s.gone++;
    else s.unchanged++;
  }
  return s;
}

function headline(s: ImportSummary): string {
  if (s.applied === 0 && s.invalid + s.conflicts + s.rejected + s.held === 0) return 'Nothing new to import.';
  const problems = s.invalid + s.rejected + s.conflicts + s.held;
  return `Imported ${s.applied} row${s.applied === 1 ? '' : 's'}${problems ? `; ${problems} need${problems === 1 ? 's' : ''} attention` : ''}.`;
}

function resultCard(
  ctx: FlowContext,
  data: CycleData,
  assessed: readonly AssessedRow[],
  outcomes: ReadonlyMap<number, Outcome>,
  s: ImportSummary,
  sheetNotUpdated?: string,
) {
  const problems = assessed.filter((r) => {
    const k = outcomes.get(r.rowNumber)?.kind;
    return k === 'invalid' || k === 'conflict' || k === 'rejected' || k === 'held';
  });
  const listed = problems
    .slice(0, LISTED)
    .map((r) =>
      labelled(
        `Row ${r.rowNumber} · ${r.person || r.personId}`,
        esc(statusText(outcomes.get(r.rowNumber) ?? { kind: 'keep' }, r.status)),
        esc(r.goal),
      ),
    );
  const sections: SectionSpec[] = [
    ...(sheetNotUpdated
      ? [{ header: 'The sheet was not updated', widgets: [paragraph(esc(sheetNotUpdated))] }]
      : []),
    {
      header: `${esc(data.cycle.name)} · import`,
      widgets: [
        labelled(
          'Imported',
          `${s.applied} rows of ${s.people} people`,
          s.synced ? `${s.synced} already matched Perfloop` : undefined,
        ),
        labelled(
          'Needs attention',
          `${s.invalid + s.rejected} invalid · ${s.conflicts} conflicts · ${s.held} held`,
        ),
        labelled(
          'Untouched',
          `${s.unchanged} unchanged · ${s.stale} changed in Perfloop since export${s.gone ? ` · ${s.gone} no longer in the cycle` : ''}`,
        ),
      ],
    },
  ];
  if (listed.length > 0) {
    sections.push({
      header:
        problems.length > LISTED
          ? `First ${LISTED} of ${problems.length} rows to fix (all are noted in the sheet)`
          : `Rows to fix${sheetNotUpdated ? '' : ' (also noted in the sheet)'}`,
      widgets: listed,
      collapsible: 10,
    });
  }
  sections.push({
    widgets: [
      buttons(actionButton('Refresh from Perfloop', ctx.urls.refresh), actionButton('Home', ctx.urls.home)),
    ],
  });
  return card('Perfloop', 'Import scores', sections, 'import-result');
}
