// Calibration sheet: scores, rater-normalised scores, the rating distribution against the guideline, and rater statistics (read-only).
import {
  currentReviews,
  normaliseScores,
  type Policy,
  type RaterEntry,
  type Review,
  raterStatistics,
  ratingDistribution,
  round,
} from '@perfloop/core';
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
import type { ReviewBody, ScoreBody } from '../perfloop/schemas.ts';
import { parseScope, scopeValue } from '../scoring/relations.ts';
import { COLORS } from '../sheet/build.ts';
import { letter, quoteTitle } from '../sheet/layout.ts';
import { METADATA_KEY, type SheetMetadata } from '../sheet/metadata.ts';
import type { sheets_v4 } from '../sheets/googleapis.ts';
import { type FlowContext, loadCycleData, PHASE_LABEL } from './context.ts';
import { scopeLabel } from './home.ts';

type Request = sheets_v4.Schema$Request;
type Value = string | number;

export const CALIBRATION_TABS = [
  { sheetId: 2_000_001, title: 'Scores' },
  { sheetId: 2_000_002, title: 'Distribution' },
  { sheetId: 2_000_003, title: 'Raters' },
] as const;

const SCORE_HEADERS = [
  'Person id',
  'Person',
  'Department',
  'Manager',
  'Score',
  'Rating',
  'Rating label',
  'Rating as scored',
  'Calibrated',
  'Manager’s mean rating',
  'Normalised (rater bias removed)',
  'Normalised − mean',
];
const DISTRIBUTION_HEADERS = [
  'Rating',
  'Label',
  'People',
  'Percent',
  'Guideline %',
  'Delta (pp)',
  'Outside tolerance',
  'People as scored',
];
const RATER_HEADERS = [
  'Rater id',
  'Rater',
  'Reviews',
  'Mean',
  'SD',
  'Shrunk mean',
  'Leniency',
  'Spread ratio',
  'Flags',
];

/**
 * Differences are shown signed, as the Teams tab shows a rater's leniency ("+0.40" more lenient than everyone, "-0.40"
 * stricter, "0.00" neither), by a number format: the cells stay numbers, to sort, chart and compute with.
 */
export const SIGNED_NUMBER_FORMAT = { type: 'NUMBER', pattern: '+0.00;-0.00;0.00' } as const;

/** The signed columns of each tab (by header): rater leniency, a level's delta to its guideline, normalised − mean. */
const SIGNED_COLUMNS: { tab: 0 | 1 | 2; header: string }[] = [
  { tab: 2, header: 'Leniency' },
  { tab: 1, header: 'Delta (pp)' },
  { tab: 0, header: 'Normalised − mean' },
];

/** Submitted manager reviews as core Reviews (the ones rater statistics count). */
export function submittedManagerReviews(reviews: readonly ReviewBody[]): Review[] {
  return reviews.flatMap((r) =>
    r.component === 'manager' && r.submittedAt !== null && r.reviewerId !== null
      ? [
          {
            id: r.id,
            cycleId: r.cycleId,
            subjectId: r.subjectId,
            reviewerId: r.reviewerId,
            component: 'manager' as const,
            ratings: r.ratings.map((x) => ({
              goalId: x.goalId,
              rating: x.rating,
              comment: '',
              evidence: '',
            })),
            summary: '',
            submittedAt: r.submittedAt,
          },
        ]
      : [],
  );
}

/** One entry per counted manager review: the manager as rater, the mean of their ratings as the score. */
export function raterEntries(reviews: readonly Review[]): RaterEntry[] {
  return currentReviews(reviews).flatMap((r) =>
    r.ratings.length === 0
      ? []
      : [
          {
            raterId: r.reviewerId,
            subjectId: r.subjectId,
            score: round(r.ratings.reduce((a, x) => a + x.rating, 0) / r.ratings.length, 6),
          },
        ],
  );
}

export interface CalibrationTables {
  scores: Value[][];
  distribution: Value[][];
  raters: Value[][];
  withinGuideline: boolean;
  flaggedRaters: number;
}

export function calibrationTables(
  scores: readonly ScoreBody[],
  reviews: readonly Review[],
  policy: Policy,
  names: {
    person(id: string): { name: string; departmentId: string; managerId: string | null } | undefined;
    department(id: string): string;
  },
): CalibrationTables {
  const entries = raterEntries(reviews);
  const stats = raterStatistics(entries, policy);
  const normalised = new Map(normaliseScores(entries, stats, policy).map((n) => [n.subjectId, n]));
  const nameOf = (id: string | null | undefined) => (id ? (names.person(id)?.name ?? id) : '');
  const scoreRows: Value[][] = [...scores]
    .sort((a, b) => nameOf(a.subjectId).localeCompare(nameOf(b.subjectId)))
    .map((s) => {
      const p = names.person(s.subjectId);
      const n = normalised.get(s.subjectId);
      return [
        s.subjectId,
        nameOf(s.subjectId),
        p ? names.department(p.departmentId) : '',
        nameOf(p?.managerId),
        s.score,
        s.rating.value,
        s.rating.label,
        s.original.rating.value,
        s.calibrated ? 'yes' : '',
        n ? n.score : '',
        n ? n.normalised : '',
        n ? n.delta : '',
      ];
    });
  const current = ratingDistribution(
    scores.map((s) => s.rating.value),
    policy,
  );
  const original = ratingDistribution(
    scores.map((s) => s.original.rating.value),
    policy,
  );
  const distribution: Value[][] = current.levels.map((l, i) => [
    l.value,
    l.label,
    l.count,
    l.percent,
    l.guideline,
    l.delta,
    l.flagged ? 'yes' : '',
    original.levels[i]?.count ?? 0,
  ]);
  const raters: Value[][] = stats.raters.map((r) => [
    r.raterId,
    nameOf(r.raterId),
    r.n,
    r.mean,
    r.sd,
    r.shrunkMean,
    r.leniency,
    r.spreadRatio,
    r.flags.join(', '),
  ]);
  return {
    scores: scoreRows,
    distribution,
    raters,
    withinGuideline: current.withinGuideline,
    flaggedRaters: stats.raters.filter((r) => r.flags.length > 0).length,
  };
}

export async function createCalibrationSheet(ctx: FlowContext): Promise<AddonResponse> {
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
  const [data, scored] = await Promise.all([loadCycleData(ctx.api, cycleId), ctx.api.scores(cycleId)]);
  const inScope = scored.items.filter((s) => data.relations.inScope(s.subjectId, scope));
  const scopeName = scopeLabel(scope, data.departments);
  if (inScope.length === 0) {
    return updateCard(
      card('Perfloop', 'No scores yet', [
        {
          widgets: [
            paragraph(
              `Nobody in “${esc(scopeName)}” has a score you may see in ${esc(data.cycle.name)} (${PHASE_LABEL[data.cycle.phase]}). Scores come from submitted reviews, from appraise on.`,
            ),
            buttons(actionButton('Back', ctx.urls.home)),
          ],
        },
      ]),
    );
  }
  const people = new Set(inScope.map((s) => s.subjectId));
  const reviews = submittedManagerReviews(data.reviews).filter((r) => people.has(r.subjectId));
  const tables = calibrationTables(inScope, reviews, data.cycle.policy, {
    person: (id) => data.relations.person(id),
    department: (id) => data.relations.department(id)?.name ?? '',
  });
  const exportId = ctx.newExportId();
  const metadata: SheetMetadata = {
    kind: 'calibration',
    layout: 1,
    sheetId: CALIBRATION_TABS[0].sheetId,
    title: CALIBRATION_TABS[0].title,
    cycleId: data.cycle.id,
    cycleName: data.cycle.name,
    scope: scopeValue(scope),
    exportId,
    exportedAt: ctx.now().toISOString(),
    rows: tables.scores.length,
    revision: 0,
  };
  const tabs: { tab: (typeof CALIBRATION_TABS)[number]; headers: string[]; rows: Value[][] }[] = [
    { tab: CALIBRATION_TABS[0], headers: SCORE_HEADERS, rows: tables.scores },
    { tab: CALIBRATION_TABS[1], headers: DISTRIBUTION_HEADERS, rows: tables.distribution },
    { tab: CALIBRATION_TABS[2], headers: RATER_HEADERS, rows: tables.raters },
  ];
  const created = await ctx.sheets.create({
    properties: { title: `Perfloop calibration – ${data.cycle.name} – ${scopeName}` },
    sheets: tabs.map(({ tab, headers, rows }) => ({
      properties: {
        sheetId: tab.sheetId,
        title: tab.title,
        gridProperties: { rowCount: rows.length + 1, columnCount: headers.length, frozenRowCount: 1 },
      },
    })),
  });
  const id = created.spreadsheetId;
  if (!id) throw new Error('Google Sheets created no spreadsheet id');
  const requests: Request[] = tabs.flatMap(({ tab, headers }): Request[] => [
    {
      repeatCell: {
        range: {
          sheetId: tab.sheetId,
          startRowIndex: 0,
          endRowIndex: 1,
          startColumnIndex: 0,
          endColumnIndex: headers.length,
        },
        cell: { userEnteredFormat: { textFormat: { bold: true }, backgroundColor: COLORS.header } },
        fields: 'userEnteredFormat.textFormat.bold,userEnteredFormat.backgroundColor',
      },
    },
    {
      addProtectedRange: {
        protectedRange: {
          range: { sheetId: tab.sheetId },
          description: 'From Perfloop (read-only: calibrate in a Perfloop session)',
          warningOnly: true,
        },
      },
    },
  ]);
  const flag = (
    tabIndex: 0 | 1 | 2,
    column: number,
    formula: string,
    color: sheets_v4.Schema$Color,
  ): Request => ({
    addConditionalFormatRule: {
      index: 0,
      rule: {
        ranges: [
          {
            sheetId: CALIBRATION_TABS[tabIndex].sheetId,
            startRowIndex: 1,
            startColumnIndex: 0,
            endColumnIndex: column + 1,
          },
        ],
        booleanRule: {
          condition: { type: 'CUSTOM_FORMULA', values: [{ userEnteredValue: formula }] },
          format: { backgroundColor: color },
        },
      },
    },
  });
  for (const { tab, header } of SIGNED_COLUMNS) {
    const target = tabs[tab];
    const column = target?.headers.indexOf(header) ?? -1;
    if (!target || column < 0) throw new Error(`no column ${header} in calibration tab ${tab}`);
    requests.push({
      repeatCell: {
        range: {
          sheetId: target.tab.sheetId,
          startRowIndex: 1,
          startColumnIndex: column,
          endColumnIndex: column + 1,
        },
        cell: { userEnteredFormat: { numberFormat: SIGNED_NUMBER_FORMAT } },
        fields: 'userEnteredFormat.numberFormat',
      },
    });
  }
  requests.push(
    flag(1, DISTRIBUTION_HEADERS.length - 1, '=$G2="yes"', COLORS.error),
    flag(2, RATER_HEADERS.length - 1, '=$I2<>""', COLORS.warning),
    flag(
      0,
      SCORE_HEADERS.length - 1,
      `=AND(ISNUMBER($${letter(11)}2),ABS($${letter(11)}2)>=0.5)`,
      COLORS.warning,
    ),
    {
      createDeveloperMetadata: {
        developerMetadata: {
          metadataKey: METADATA_KEY,
          metadataValue: JSON.stringify(metadata),
          location: { spreadsheet: true },
          visibility: 'DOCUMENT',
        },
      },
    },
  );
  await ctx.sheets.batchUpdate(id, requests, async () => {
    const found = await ctx.sheets.searchMetadata(id, METADATA_KEY);
    return found.some((m) => m.developerMetadata?.metadataValue?.includes(exportId) === true);
  });
  await ctx.sheets.valuesBatchUpdate(
    id,
    tabs.map(({ tab, headers, rows }) => ({
      range: `${quoteTitle(tab.title)}!A1:${letter(headers.length - 1)}${rows.length + 1}`,
      majorDimension: 'ROWS',
      values: [headers, ...rows],
    })),
  );
  const url = created.spreadsheetUrl ?? `https://docs.google.com/spreadsheets/d/${id}/edit`;
  return updateCard(
    card('Perfloop', 'Calibration sheet ready', [
      {
        widgets: [
          labelled('Cycle', `${data.cycle.name} (${PHASE_LABEL[data.cycle.phase]})`, esc(scopeName)),
          labelled(
            'People scored',
            String(tables.scores.length),
            scored.failures.length ? `${scored.failures.length} cannot be scored yet` : undefined,
          ),
          labelled(
            'Distribution',
            tables.withinGuideline
              ? 'Within the guideline'
              : 'Some levels are outside the guideline’s tolerance',
          ),
          labelled(
            'Raters flagged',
            String(tables.flaggedRaters),
            'Lenient, severe or central tendency, after shrinkage toward everyone’s ratings',
          ),
          buttons(linkButton('Open the sheet', url), actionButton('Back', ctx.urls.home)),
        ],
      },
    ]),
    `Created a calibration sheet of ${tables.scores.length} people.`,
  );
}
