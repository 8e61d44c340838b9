// The home card: pick the cycle and team/department, see what is pending, create sheets; import/refresh in a Perfloop sheet.
import {
  actionButton,
  buttons,
  card,
  dropdown,
  esc,
  labelled,
  paragraph,
  type SectionSpec,
} from '../cards/build.ts';
import type { Card } from '../cards/schema.ts';
import { formValue, openSpreadsheet } from '../event.ts';
import type { CycleBody, DepartmentBody } from '../perfloop/schemas.ts';
import { parseScope, type Scope, scopeValue } from '../scoring/relations.ts';
import { METADATA_KEY, readMetadata, SCORING_LAYOUT, type SheetMetadata } from '../sheet/metadata.ts';
import { myManagerReviews } from '../sheet/rows.ts';
import { type FlowContext, loadCycleData, PHASE_LABEL, pickCycle } from './context.ts';
import { createAgainButton, outdatedLayoutText } from './readSheet.ts';

export function scopeLabel(scope: Scope, departments: readonly DepartmentBody[]): string {
  if (scope.kind === 'all') return 'Everyone you can see';
  if (scope.kind === 'team') return 'My team';
  return departments.find((d) => d.id === scope.departmentId)?.name ?? 'A department';
}

function scopeItems(departments: readonly DepartmentBody[]) {
  const items = [
    { text: 'Everyone you can see', value: 'all' },
    { text: 'My team (reports and departments I head)', value: 'team' },
  ];
  for (const d of [...departments].sort((a, b) => a.name.localeCompare(b.name))) {
    items.push({ text: `Department: ${d.name}`, value: d.id });
  }
  return items;
}

/** What is still to do in the cycle for the people in scope. */
function pendingSection(
  cycle: CycleBody,
  data: Awaited<ReturnType<typeof loadCycleData>>,
  scope: Scope,
): SectionSpec {
  const { relations } = data;
  const participants = new Set(cycle.participants);
  const inScope = data.people.filter((p) => participants.has(p.id) && relations.inScope(p.id, scope));
  const ids = new Set(inScope.map((p) => p.id));
  const goals = data.goals.filter(
    (g) => g.ownerId !== null && ids.has(g.ownerId) && g.status !== 'cancelled',
  );
  const kpis = goals.filter((g) => g.kind === 'kpi');
  const missing = kpis.filter((g) => g.kind === 'kpi' && g.actual === null).length;
  const widgets = [
    labelled('Phase', `${PHASE_LABEL[cycle.phase]} · ${cycle.startsOn} → ${cycle.endsOn}`),
    labelled('People in scope', `${inScope.length} people · ${goals.length} goals`),
    labelled(
      'KPI actuals missing',
      `${missing} of ${kpis.length} KPI goals`,
      missing > 0 && (cycle.phase === 'coach' || relations.isHr)
        ? 'Enter them in a scoring sheet.'
        : undefined,
    ),
  ];
  if (cycle.phase === 'appraise') {
    const mine = myManagerReviews(data.reviews, data.me.id);
    const toRate = inScope.filter((p) => relations.mayRate(p.id, cycle.phase));
    const drafts = toRate.filter((p) => mine.get(p.id)?.submittedAt === null).length;
    const submitted = toRate.filter((p) => Boolean(mine.get(p.id)?.submittedAt)).length;
    widgets.push(
      labelled(
        'Your manager reviews',
        `${toRate.length - drafts - submitted} to write · ${drafts} drafts · ${submitted} submitted`,
        toRate.length > 0 ? 'Rate goals in a scoring sheet; submit the reviews in Perfloop.' : undefined,
      ),
    );
  }
  return { header: 'What is pending', widgets };
}

async function sheetSection(
  ctx: FlowContext,
): Promise<{ section: SectionSpec; sheet: SheetMetadata | null }> {
  const open = openSpreadsheet(ctx.event);
  if (!open) {
    const granted = ctx.event.sheets?.addonHasFileScopePermission === true;
    return {
      sheet: null,
      section: {
        header: 'This spreadsheet',
        widgets: granted
          ? [paragraph('Open a Perfloop scoring sheet to import or refresh it.')]
          : [
              paragraph(
                'To import scores from (or refresh) a Perfloop sheet, let Perfloop use this spreadsheet.',
              ),
              buttons(actionButton('Use this spreadsheet', ctx.urls.requestAccess)),
            ],
      },
    };
  }
  const found = readMetadata(await ctx.sheets.searchMetadata(open.id, METADATA_KEY));
  const scoring = found.find((m) => m.value.kind === 'scoring')?.value ?? null;
  const calibration = found.find((m) => m.value.kind === 'calibration')?.value ?? null;
  if (scoring && scoring.layout !== SCORING_LAYOUT) {
    // Import and refresh would refuse it: say so here, and offer the new sheet (cycle and scope preselected below).
    return {
      sheet: scoring,
      section: {
        header: 'This scoring sheet is from an older version',
        widgets: [paragraph(outdatedLayoutText(scoring)), buttons(createAgainButton(ctx, scoring))],
      },
    };
  }
  if (scoring) {
    return {
      sheet: scoring,
      section: {
        header: 'This scoring sheet',
        widgets: [
          labelled(
            'Cycle',
            scoring.cycleName,
            `${scoring.rows} rows · exported ${scoring.exportedAt.slice(0, 16).replace('T', ' ')} UTC`,
          ),
          paragraph(
            'Edit <b>Actual</b> and <b>Rating</b>, then import. Rows changed in Perfloop since export are never overwritten.',
          ),
          buttons(
            actionButton('Import scores', ctx.urls.importScores, {}, true),
            actionButton('Refresh from Perfloop', ctx.urls.refresh),
          ),
        ],
      },
    };
  }
  if (calibration) {
    return {
      sheet: calibration,
      section: {
        header: 'This calibration sheet',
        widgets: [
          labelled(
            'Cycle',
            calibration.cycleName,
            'Read-only: calibrate ratings in a Perfloop calibration session.',
          ),
        ],
      },
    };
  }
  return {
    sheet: null,
    section: {
      header: 'This spreadsheet',
      widgets: [paragraph(`${esc(open.title || 'This spreadsheet')} is not a Perfloop sheet.`)],
    },
  };
}

export async function homeCard(ctx: FlowContext): Promise<Card> {
  const [me, cycles, departments, sheet] = await Promise.all([
    ctx.api.me(),
    ctx.api.cycles(),
    ctx.api.departments(),
    sheetSection(ctx),
  ]);
  const requestedCycle = formValue(ctx.event, 'cycleId') ?? sheet.sheet?.cycleId;
  const cycle = pickCycle(cycles, requestedCycle);
  if (!cycle) {
    return card('Perfloop', esc(me.name), [
      sheet.section,
      { widgets: [paragraph('There is no cycle yet: HR starts one in Perfloop.')] },
    ]);
  }
  const scope = parseScope(formValue(ctx.event, 'scope') ?? sheet.sheet?.scope);
  const data = await loadCycleData(ctx.api, cycle.id, { me, departments });
  const sorted = [...cycles].sort((a, b) => b.startsOn.localeCompare(a.startsOn));
  const controls: SectionSpec = {
    header: 'Scores in Sheets',
    widgets: [
      dropdown(
        'cycleId',
        'Cycle',
        sorted.map((c) => ({ text: `${c.name} (${PHASE_LABEL[c.phase]})`, value: c.id })),
        cycle.id,
        ctx.urls.select,
      ),
      dropdown('scope', 'Team or department', scopeItems(departments), scopeValue(scope), ctx.urls.select),
      buttons(
        actionButton('Create scoring sheet', ctx.urls.createScoringSheet, {}, true),
        actionButton('Create calibration sheet', ctx.urls.createCalibrationSheet),
      ),
    ],
  };
  return card(
    'Perfloop',
    `${esc(me.name)} · ${esc(cycle.name)} · ${esc(scopeLabel(scope, departments))}`,
    [sheet.section, controls, pendingSection(cycle, data, scope)],
    'home',
  );
}
