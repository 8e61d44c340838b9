// Create scoring sheet: a new spreadsheet of one row per person × goal — the create, one structural batchUpdate, one values write.
import {
  actionButton,
  buttons,
  card,
  esc,
  labelled,
  linkButton,
  paragraph,
  updateCard,
} from '../cards/build.ts';
import type { AddonResponse } from '../cards/schema.ts';
import { formValue } from '../event.ts';
import { parseScope, scopeValue } from '../scoring/relations.ts';
import { buildScoringSheet } from '../sheet/build.ts';
import { METADATA_KEY, readMetadata } from '../sheet/metadata.ts';
import { scaleText, scoringRows } from '../sheet/rows.ts';
import { type FlowContext, loadCycleData, PHASE_LABEL } from './context.ts';
import { scopeLabel } from './home.ts';

export async function createScoringSheet(ctx: FlowContext): Promise<AddonResponse> {
  const cycleId = formValue(ctx.event, 'cycleId');
  if (!cycleId) {
    return updateCard(
      card('Perfloop', 'Pick a cycle', [
        {
          widgets: [
            paragraph('Choose a cycle on the home card first.'),
            buttons(actionButton('Back', ctx.urls.home)),
          ],
        },
      ]),
    );
  }
  const scope = parseScope(formValue(ctx.event, 'scope'));
  const data = await loadCycleData(ctx.api, cycleId);
  const rows = scoringRows({ ...data, scope });
  const scopeName = scopeLabel(scope, data.departments);
  if (rows.length === 0) {
    return updateCard(
      card('Perfloop', 'Nothing to score', [
        {
          widgets: [
            paragraph(`No goals of ${esc(data.cycle.name)} in “${esc(scopeName)}” that you can see.`),
            buttons(actionButton('Back', ctx.urls.home)),
          ],
        },
      ]),
    );
  }
  const exportId = ctx.newExportId();
  const exportedAt = ctx.now().toISOString();
  const payloads = buildScoringSheet({
    spreadsheetTitle: `Perfloop scoring – ${data.cycle.name} – ${scopeName}`,
    cycleId: data.cycle.id,
    cycleName: data.cycle.name,
    scope: scopeValue(scope),
    exportId,
    exportedAt,
    scale: data.cycle.policy.ratingScale,
    rows,
  });
  const created = await ctx.sheets.create(payloads.create);
  const id = created.spreadsheetId;
  if (!id) throw new Error('Google Sheets created no spreadsheet id');
  // After an unknown outcome, the batch's own developer metadata tells whether it was applied.
  await ctx.sheets.batchUpdate(id, payloads.requests, async () =>
    readMetadata(await ctx.sheets.searchMetadata(id, METADATA_KEY)).some(
      (m) => m.value.exportId === exportId,
    ),
  );
  await ctx.sheets.valuesBatchUpdate(id, payloads.values);
  const people = new Set(rows.map((r) => r.personId)).size;
  const actuals = rows.filter((r) => r.editable.includes('A')).length;
  const ratings = rows.filter((r) => r.editable.includes('R')).length;
  const url = created.spreadsheetUrl ?? `https://docs.google.com/spreadsheets/d/${id}/edit`;
  return updateCard(
    card('Perfloop', 'Scoring sheet ready', [
      {
        widgets: [
          labelled('Cycle', `${data.cycle.name} (${PHASE_LABEL[data.cycle.phase]})`, esc(scopeName)),
          labelled(
            'Rows',
            `${rows.length} goals of ${people} people`,
            `${actuals} actuals and ${ratings} ratings you may edit`,
          ),
          paragraph(
            `Open it, fill in <b>Actual</b> (KPI goals) and <b>Rating</b> (${esc(scaleText(data.cycle.policy.ratingScale))}), then open Perfloop in that spreadsheet and choose <b>Import scores</b>.`,
          ),
          buttons(linkButton('Open the sheet', url), actionButton('Back', ctx.urls.home)),
        ],
      },
    ]),
    `Created a scoring sheet of ${rows.length} rows.`,
  );
}
