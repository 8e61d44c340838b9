// Refresh: pull Perfloop's current values into the scoring sheet, keeping every edit not imported yet, adding new goals.

import { actionButton, buttons, card, labelled, pushCard } from '../cards/build.ts';
import type { AddonResponse } from '../cards/schema.ts';
import { MISALIGNED } from '../scoring/assess.ts';
import { numberOf } from '../scoring/numbers.ts';
import { parseScope } from '../scoring/relations.ts';
import { COL } from '../sheet/layout.ts';
import { METADATA_KEY, type SheetMetadata } from '../sheet/metadata.ts';
import { type Cell, rowCells, type ScoringRow, scoringRows } from '../sheet/rows.ts';
import { cellValue } from '../sheet/writeback.ts';
import type { sheets_v4 } from '../sheets/googleapis.ts';
import { type FlowContext, loadCycleData } from './context.ts';
import { readScoringSheet } from './readSheet.ts';

type Request = sheets_v4.Schema$Request;

const blank = (v: unknown) => v === undefined || v === null || v === '';
const same = (a: unknown, b: unknown) => (blank(a) && blank(b)) || a === b;
/** An editable cell against a number: text the import reads as that number counts as the same (`"40"` and 40). */
const sameNumber = (cell: unknown, value: unknown) => {
  const n = numberOf(cell);
  return n === undefined ? same(cell, value) : same(n, value);
};

export const REFRESH_STATUS = {
  pending: '✎ Not imported yet: import it, or undo your change.',
  pendingConflict: '⚠ Not imported yet, and Perfloop changed it too: importing will report a conflict.',
  updated: '↻ Updated from Perfloop.',
  added: 'New in Perfloop since export.',
  gone: 'This goal is no longer in the cycle.',
  misaligned: `✗ ${MISALIGNED}`,
} as const;

function updateRow(sheetId: number, rowNumber: number, from: number, cells: readonly unknown[]): Request {
  return {
    updateCells: {
      start: { sheetId, rowIndex: rowNumber - 1, columnIndex: from },
      fields: 'userEnteredValue',
      rows: [{ values: cells.map(cellValue) }],
    },
  };
}

export interface RefreshSummary {
  updated: number;
  kept: number;
  added: number;
  gone: number;
  /** Rows whose hidden columns are another row's and whose values differ from Perfloop's (left as they are). */
  misaligned: number;
}

export async function refresh(ctx: FlowContext): Promise<AddonResponse> {
  const located = await readScoringSheet(ctx);
  if ('response' in located) return located.response;
  const { spreadsheetId, meta, values, gridRows } = located;
  const data = await loadCycleData(ctx.api, meta.value.cycleId);
  const fresh = scoringRows({ ...data, scope: parseScope(meta.value.scope) });
  const byKey = new Map(fresh.map((r) => [`${r.personId}|${r.goalId}`, r]));
  const sheetId = meta.value.sheetId;
  const requests: Request[] = [];
  const summary: RefreshSummary = { updated: 0, kept: 0, added: 0, gone: 0, misaligned: 0 };
  const seen = new Set<string>();
  let lastRow = 1;
  values.forEach((cells, i) => {
    const rowNumber = i + 2;
    if (cells.length === 0 || cells.every(blank)) return;
    lastRow = rowNumber;
    const key = `${String(cells[COL.personId] ?? '')}|${String(cells[COL.goalId] ?? '')}`;
    seen.add(key);
    const now = byKey.get(key);
    if (!now) {
      if (cells[COL.status] !== REFRESH_STATUS.gone) {
        summary.gone++;
        requests.push(updateRow(sheetId, rowNumber, COL.status, [REFRESH_STATUS.gone]));
      }
      return;
    }
    const target = rowCells(now);
    if (cells[COL.rowKey] !== now.goalId) {
      // The hidden columns are another row's (a sort that left them behind): what was edited is unknowable,
      // so the row is rebuilt only when its values are Perfloop's anyway; otherwise it waits for an undo.
      if (sameNumber(cells[COL.actual], now.actual) && sameNumber(cells[COL.rating], now.rating)) {
        summary.updated++;
        target[COL.status] = REFRESH_STATUS.updated;
        requests.push(updateRow(sheetId, rowNumber, 0, target));
      } else {
        summary.misaligned++;
        if (cells[COL.status] !== REFRESH_STATUS.misaligned)
          requests.push(updateRow(sheetId, rowNumber, COL.status, [REFRESH_STATUS.misaligned]));
      }
      return;
    }
    const edited =
      !sameNumber(cells[COL.actual], cells[COL.actualAtExport]) ||
      !sameNumber(cells[COL.rating], cells[COL.ratingAtExport]);
    if (edited) {
      // Keep the analyst's values and the versions they were based on; refresh only what Perfloop owns.
      const moved =
        !same(cells[COL.goalVersion], now.goalVersion) || !same(cells[COL.reviewVersion], now.reviewVersion);
      const status = moved ? REFRESH_STATUS.pendingConflict : REFRESH_STATUS.pending;
      const info = target.slice(COL.person, COL.stretch + 1);
      const infoChanged = info.some((v, j) => !same(v, cells[COL.person + j]));
      if (infoChanged) requests.push(updateRow(sheetId, rowNumber, COL.person, info));
      if (cells[COL.status] !== status || !same(cells[COL.editable], now.editable)) {
        requests.push(updateRow(sheetId, rowNumber, COL.status, [status]));
        requests.push(updateRow(sheetId, rowNumber, COL.editable, [now.editable]));
      }
      summary.kept++;
      return;
    }
    const changed = target.some((v, j) => j !== COL.status && !same(v, cells[j]));
    if (!changed) return;
    summary.updated++;
    target[COL.status] = REFRESH_STATUS.updated;
    requests.push(updateRow(sheetId, rowNumber, 0, target));
  });
  const added: ScoringRow[] = fresh.filter((r) => !seen.has(`${r.personId}|${r.goalId}`));
  if (added.length > 0) {
    const first = lastRow + 1;
    const total = first - 1 + added.length;
    if (total > gridRows) {
      requests.push({
        updateSheetProperties: {
          properties: { sheetId, gridProperties: { rowCount: total } },
          fields: 'gridProperties.rowCount',
        },
      });
    }
    const validation = (col: number) => ({
      ...(col === COL.rating
        ? {
            dataValidation: {
              condition: {
                type: 'ONE_OF_LIST',
                values: data.cycle.policy.ratingScale.levels.map((l) => ({
                  userEnteredValue: String(l.value),
                })),
              },
              strict: true,
              showCustomUi: true,
            },
          }
        : {}),
    });
    requests.push({
      updateCells: {
        start: { sheetId, rowIndex: first - 1, columnIndex: 0 },
        fields: 'userEnteredValue,dataValidation',
        rows: added.map((r) => {
          const cells: Cell[] = rowCells({ ...r, status: REFRESH_STATUS.added });
          return { values: cells.map((v, col) => ({ ...cellValue(v), ...validation(col) })) };
        }),
      },
    });
    summary.added = added.length;
  }
  if (requests.length > 0) {
    const next: SheetMetadata = {
      ...meta.value,
      rows: Math.max(meta.value.rows, lastRow - 1 + added.length),
      revision: meta.value.revision + 1,
    };
    requests.push({
      updateDeveloperMetadata: {
        dataFilters: [{ developerMetadataLookup: { metadataId: meta.metadataId } }],
        developerMetadata: { metadataKey: METADATA_KEY, metadataValue: JSON.stringify(next) },
        fields: 'metadataValue',
      },
    });
    // Fixed values at fixed rows: safe to repeat after an unknown outcome.
    await ctx.sheets.batchUpdate(spreadsheetId, requests, async () => false);
  }
  const text =
    requests.length === 0
      ? 'Already up to date.'
      : `Updated ${summary.updated} rows, added ${summary.added}; kept ${summary.kept} edits not imported yet.`;
  return pushCard(
    card('Perfloop', 'Refresh from Perfloop', [
      {
        widgets: [
          labelled('Updated from Perfloop', `${summary.updated} rows`),
          labelled('New goals added', `${summary.added} rows`),
          labelled('Your edits kept (not imported yet)', `${summary.kept} rows`),
          ...(summary.gone ? [labelled('No longer in the cycle', `${summary.gone} rows`)] : []),
          ...(summary.misaligned
            ? [
                labelled(
                  'Sorted without the hidden columns',
                  `${summary.misaligned} rows`,
                  'Undo the sort, or sort with Data › Sort sheet',
                ),
              ]
            : []),
          buttons(actionButton('Import scores', ctx.urls.importScores), actionButton('Home', ctx.urls.home)),
        ],
      },
    ]),
    text,
  );
}
