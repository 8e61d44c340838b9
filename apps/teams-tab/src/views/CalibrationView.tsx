// Calibration (HR, department heads): rating distribution against the guideline, the people list and 9-box where a rating
// can be moved with a justification (from the rating shown) and what each rating rests on when an appraisal is missing,
// who is not calibrated for want of a score (and why), rater-bias flags, extreme ratings without evidence, the moves
// (those from appeals labelled), finalise; a head starts on a session she runs and reads a wider session for her
// departments' people.
import {
  Badge,
  Button,
  Checkbox,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  makeStyles,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { MIN_JUSTIFICATION_CHARS } from '@perfloop/core';
import { useState } from 'react';
import type {
  Adjustment,
  CalibrationSession,
  Cycle,
  Department,
  Distribution,
  EvidenceIssue,
  NineBox,
  NineBoxItem,
  RaterBias,
  RatingBasisWarning,
  RatingLevel,
  ScoreFailure,
} from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { BarChart } from '../components/BarChart.tsx';
import { Help, Load, Row, Section, Stack } from '../components/layout.tsx';
import { Problem } from '../components/Problem.tsx';
import { TextField } from '../components/TextField.tsx';
import { counted, type MessageKey, useI18n } from '../i18n/index.tsx';
import { useRatingNames } from '../i18n/ratingNames.ts';
import { useLoad, useSession } from '../session.tsx';
import { basisLines, restsOnMissingAppraisal } from './calibrationWords.ts';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  grid: {
    borderCollapse: 'separate',
    borderSpacing: tokens.spacingHorizontalXS,
    maxWidth: '760px',
    width: '100%',
  },
  cell: {
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalS,
    height: '72px',
    verticalAlign: 'top',
    width: '30%',
  },
  cellBody: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    alignItems: 'flex-start',
  },
  axis: { textAlign: 'center', fontWeight: tokens.fontWeightSemibold, padding: tokens.spacingHorizontalXS },
  basis: { display: 'block', color: tokens.colorPaletteDarkOrangeForeground1 },
  placed: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});

/**
 * The session shown first: an open one the caller runs, else any she runs, else the first. A head with several sessions
 * thus starts where she can move ratings, not on one she only reads (she can switch in the list).
 */
export function defaultSession(list: readonly CalibrationSession[]): CalibrationSession | null {
  return (
    list.find((x) => x.mayRun !== false && x.state === 'open') ??
    list.find((x) => x.mayRun !== false) ??
    list[0] ??
    null
  );
}

export default function CalibrationView() {
  const { cycle, client, departments, has, me } = useSession();
  const { t } = useI18n();
  const s = useStyles();
  const [chosen, setChosen] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const sessions = useLoad(
    () =>
      cycle
        ? client.all<CalibrationSession>('/v1/calibration-sessions', { cycleId: cycle.id })
        : Promise.resolve([]),
    [cycle?.id, tick],
  );
  if (!cycle) return <Help>{t('noCycles')}</Help>;
  const headed = has('hr_admin') ? departments : departments.filter((d) => d.headId === me.id);
  return (
    <div className={s.view}>
      <Section title={t('cal.session')} id="cal-sessions">
        <Load loaded={sessions}>
          {(list) => {
            const current = list.find((x) => x.id === chosen) ?? defaultSession(list);
            return (
              <Stack>
                {list.length === 0 ? (
                  <Help>{t('cal.noSessions')}</Help>
                ) : (
                  // Labelled by the section's heading: the word is not repeated above the list.
                  <Select
                    aria-labelledby="cal-sessions-heading"
                    value={current?.id ?? ''}
                    onChange={(_, d) => setChosen(d.value)}
                  >
                    {list.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name} · {t(`cal.state.${x.state}`)}
                        {x.mayRun === false ? ` · ${t('cal.readOnlyMark')}` : ''}
                      </option>
                    ))}
                  </Select>
                )}
                {cycle.phase === 'calibrate' ? (
                  <OpenSession
                    key={list.length}
                    cycle={cycle}
                    departments={headed}
                    all={departments}
                    sessions={list}
                    onOpened={(id) => {
                      setChosen(id);
                      setTick((n) => n + 1);
                    }}
                  />
                ) : (
                  // Only where it explains an empty list, not beside sessions already held.
                  list.length === 0 && <Help>{t('cal.onlyCalibrate')}</Help>
                )}
              </Stack>
            );
          }}
        </Load>
      </Section>
      {sessions.data && sessions.data.length > 0 && (
        <SessionDetail
          key={`${chosen ?? defaultSession(sessions.data)?.id}:${tick}`}
          session={
            sessions.data.find((x) => x.id === chosen) ??
            (defaultSession(sessions.data) as CalibrationSession)
          }
          cycle={cycle}
          onChange={() => setTick((n) => n + 1)}
        />
      )}
    </div>
  );
}

/** A department with all its sub-departments (as the API expands a session's departments). */
function expand(all: readonly Department[], ids: readonly string[]): Set<string> {
  const out = new Set<string>();
  const queue = [...ids];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    if (out.has(id)) continue;
    out.add(id);
    for (const d of all) if (d.parentId === id) queue.push(d.id);
  }
  return out;
}

/**
 * Opening a session. Several sessions per cycle are legitimate (over different departments; a department is in one
 * open session at a time, 409 `session_overlap`): once the cycle has one, the form is offered only for departments no
 * open session covers, behind a button saying why, and a department already covered is shown with its session, not offered.
 */
function OpenSession({
  cycle,
  departments,
  all,
  sessions,
  onOpened,
}: {
  cycle: Cycle;
  departments: readonly Department[];
  all: readonly Department[];
  sessions: readonly CalibrationSession[];
  onOpened: (id: string) => void;
}) {
  const { client } = useSession();
  const { t } = useI18n();
  const act = useAction();
  const [name, setName] = useState(`${cycle.name} calibration`);
  const [picked, setPicked] = useState<string[]>([]);
  const [asked, setAsked] = useState(false);
  const open = sessions.filter((x) => x.state === 'open');
  /** The open session a department would overlap (it, a department above or below it is in one), if any. */
  const coveredBy = (id: string): CalibrationSession | undefined => {
    const mine = expand(all, [id]);
    return open.find((x) => [...expand(all, x.departmentIds)].some((d) => mine.has(d)));
  };
  const free = departments.filter((d) => coveredBy(d.id) === undefined);
  if (sessions.length > 0 && free.length === 0) return null;
  if (sessions.length > 0 && !asked) {
    return (
      <Stack>
        <Help>{t('cal.sessionExists')}</Help>
        <Row>
          <Button onClick={() => setAsked(true)}>{t('cal.openAnother')}</Button>
        </Row>
      </Stack>
    );
  }
  return (
    <Stack>
      <Text weight="semibold">{t('cal.open')}</Text>
      <TextField label={t('cal.name')} singleLine value={name} onChange={setName} limit="name" />
      <fieldset>
        <legend>{t('cal.departments')}</legend>
        {departments.map((d) => {
          const held = coveredBy(d.id);
          return held ? (
            <Checkbox
              key={d.id}
              disabled
              checked={false}
              label={t('cal.covered', { name: d.name, session: held.name })}
            />
          ) : (
            <Checkbox
              key={d.id}
              label={d.name}
              checked={picked.includes(d.id)}
              onChange={(_, v) => setPicked((p) => (v.checked ? [...p, d.id] : p.filter((x) => x !== d.id)))}
            />
          );
        })}
      </fieldset>
      <Row>
        <Button
          appearance="primary"
          disabled={act.busy || picked.length === 0}
          onClick={async () => {
            let id = '';
            const ok = await act.run(async () => {
              id = (
                await client.post<CalibrationSession>('/v1/calibration-sessions', {
                  cycleId: cycle.id,
                  name,
                  departmentIds: picked,
                })
              ).id;
            });
            if (ok) onOpened(id);
          }}
        >
          {t('cal.open')}
        </Button>
      </Row>
      <Problem error={act.error} />
    </Stack>
  );
}

/** The person whose rating is being moved, from the rating shown, and where the move was picked. */
interface Moving {
  personId: string;
  rating: number;
  where: 'people' | 'ninebox';
}

function SessionDetail({
  session,
  cycle,
  onChange,
}: {
  session: CalibrationSession;
  cycle: Cycle;
  onChange: () => void;
}) {
  const { client, nameOf } = useSession();
  const { t, number, signed } = useI18n();
  const ratings = useRatingNames(cycle.policy.ratingScale.levels);
  const act = useAction();
  const base = `/v1/calibration-sessions/${session.id}`;
  const data = useLoad(async () => {
    const [distribution, nineBox, bias, evidence, adjustments] = await Promise.all([
      client.get<Distribution>(`${base}/distribution`),
      client.get<NineBox>(`${base}/nine-box`),
      client.get<RaterBias>(`${base}/rater-bias`),
      client.get<{ issues: EvidenceIssue[]; required: number }>(`${base}/evidence`),
      client.all<Adjustment>(`${base}/adjustments`),
    ]);
    return { distribution, nineBox, bias, evidence, adjustments };
  }, [session.id]);
  const [moving, setMoving] = useState<Moving | null>(null);
  // Finalising cannot be undone (no rating moves afterwards): asked once more before it is sent.
  const [confirming, setConfirming] = useState(false);
  // A head who reads a wider session (it covers departments she does not head) moves and finalises nothing.
  const open = session.state === 'open' && session.mayRun !== false;
  const move = (where: Moving['where']) =>
    open ? (p: { personId: string; rating: number }) => setMoving({ ...p, where }) : null;
  const moveForm = (where: Moving['where']) =>
    moving?.where === where &&
    open && (
      <MoveRating
        key={`${moving.personId}:${moving.rating}`}
        person={moving}
        sessionId={session.id}
        policy={cycle.policy}
        onDone={() => {
          setMoving(null);
          onChange();
        }}
        onCancel={() => setMoving(null)}
        onReload={onChange}
      />
    );
  return (
    <Load loaded={data}>
      {({ distribution, nineBox, bias, evidence, adjustments }) => {
        const basis = new Map(distribution.ratings.map((r) => [r.personId, r.warnings ?? []]));
        const missing = distribution.ratings.filter((r) => restsOnMissingAppraisal(r.warnings)).length;
        return (
          <>
            {session.mayRun === false && (
              <MessageBar intent="info" data-testid="cal-read-only">
                <MessageBarBody>{t('cal.readOnly')}</MessageBarBody>
              </MessageBar>
            )}
            <Section title={t('cal.distribution')} id="cal-distribution">
              {missing > 0 && (
                <MessageBar intent="warning" data-testid="cal-basis-summary" layout="multiline">
                  <MessageBarBody>
                    {t(counted('cal.basis.summary', missing), { count: missing })}
                  </MessageBarBody>
                </MessageBar>
              )}
              <BarChart
                title={t('cal.distribution')}
                max={Math.max(
                  100,
                  ...distribution.current.levels.map((l) => Math.max(l.percent, l.guideline)),
                )}
                bars={distribution.current.levels.map((l) => ({
                  key: String(l.value),
                  label: ratings.text(l),
                  value: l.percent,
                  marker: l.guideline,
                  flagged: l.flagged,
                  text: `${t(counted('cal.count', l.count), { count: l.count, percent: number(l.percent, 1) })} · ${t('cal.guideline', { percent: l.guideline })}`,
                }))}
              />
              <Text>
                {distribution.current.withinGuideline ? t('cal.withinGuideline') : t('cal.outsideGuideline')}
              </Text>
            </Section>

            <Section title={t('cal.people')} id="cal-people">
              {open && distribution.ratings.some((r) => r.isCaller) && <Help>{t('cal.ownRatingHelp')}</Help>}
              <PeopleRatings
                ratings={distribution.ratings}
                basis={basis}
                levels={cycle.policy.ratingScale.levels}
                onPick={move('people')}
              />
              {moveForm('people')}
            </Section>

            <Unscored unscored={distribution.unscored} />

            <Section title={t('cal.nineBox')} id="cal-ninebox">
              {nineBox.items.length === 0 && <Help>{t('cal.nineBoxEmpty')}</Help>}
              {nineBox.items.length === 0 && open && <Help>{t('cal.moveFromList')}</Help>}
              {open && nineBox.items.some((i) => i.isCaller) && <Help>{t('cal.ownRatingHelp')}</Help>}
              <NineBoxGrid items={nineBox.items} basis={basis} onPick={move('ninebox')} />
              <AssessPotential cycle={cycle} people={nineBox.missingPotential ?? []} onSaved={data.reload} />
              {moveForm('ninebox')}
            </Section>

            <Section title={t('cal.raterBias')} help={t('cal.raterBiasHelp')} id="cal-bias">
              {bias.raters.length === 0 ? (
                <Help>{t('cal.noRaters')}</Help>
              ) : (
                <Table size="small" aria-label={t('cal.raterBias')}>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>{t('cal.rater')}</TableHeaderCell>
                      <TableHeaderCell>{t('cal.ratings')}</TableHeaderCell>
                      <TableHeaderCell>{t('cal.mean')}</TableHeaderCell>
                      <TableHeaderCell>{t('cal.leniency')}</TableHeaderCell>
                      <TableHeaderCell>{t('cal.flags')}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {bias.raters.map((r) => (
                      <TableRow key={r.raterId}>
                        <TableCell>{nameOf(r.raterId)}</TableCell>
                        <TableCell>{r.n}</TableCell>
                        <TableCell>{number(r.mean)}</TableCell>
                        <TableCell data-testid="bias-leniency">{signed(r.leniency)}</TableCell>
                        <TableCell>
                          {r.flags.length === 0 ? (
                            <Text>{t('cal.noFlags')}</Text>
                          ) : (
                            r.flags.map((f) => (
                              <Badge key={f} appearance="filled" color="danger" data-testid="bias-flag">
                                {t(`cal.flag.${f}` as MessageKey)}
                              </Badge>
                            ))
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
              <Text weight="semibold">{t('cal.evidence')}</Text>
              {evidence.issues.length === 0 ? (
                <Help>{t('none')}</Help>
              ) : (
                <ul>
                  {evidence.issues.map((i) => (
                    <li key={`${i.reviewId}:${i.goalId}`}>
                      {t('cal.evidenceItem', {
                        name: nameOf(i.subjectId),
                        rating: i.rating,
                        chars: i.chars,
                        required: i.required,
                      })}
                    </li>
                  ))}
                </ul>
              )}
            </Section>

            <Section title={t('cal.adjustments')} id="cal-adjustments">
              {adjustments.length === 0 ? (
                <Help>{t('none')}</Help>
              ) : (
                <ul>
                  {adjustments.map((a) =>
                    // A move made later when an appeal was resolved as changed: labelled as such.
                    a.kind === 'appeal' ? (
                      <li key={a.id} data-testid="cal-appeal-move">
                        <Badge appearance="tint" color="informative">
                          {t('cal.fromAppeal')}
                        </Badge>{' '}
                        {t('cal.adjustmentAppeal', {
                          name: nameOf(a.subjectId),
                          from: a.from,
                          to: a.to,
                          justification: a.justification,
                        })}
                      </li>
                    ) : (
                      <li key={a.id}>
                        {t('cal.adjustment', {
                          name: nameOf(a.subjectId),
                          from: a.from,
                          to: a.to,
                          justification: a.justification,
                        })}
                      </li>
                    ),
                  )}
                </ul>
              )}
              {open && !confirming && (
                <Row>
                  <Button appearance="primary" disabled={act.busy} onClick={() => setConfirming(true)}>
                    {t('cal.finalise')}
                  </Button>
                </Row>
              )}
              {open && confirming && (
                <Row>
                  <Text>{t('cal.finaliseConfirm')}</Text>
                  <Button
                    appearance="primary"
                    disabled={act.busy}
                    onClick={() =>
                      act
                        .run(
                          () => client.post(`${base}/finalise`, {}, { version: session.version }),
                          t('cal.finalised'),
                        )
                        .then((ok) => {
                          setConfirming(false);
                          if (ok) onChange();
                        })
                    }
                  >
                    {t('cal.finaliseYes')}
                  </Button>
                  <Button disabled={act.busy} onClick={() => setConfirming(false)}>
                    {t('cancel')}
                  </Button>
                </Row>
              )}
              <ActionOutcome act={act} onReload={onChange} />
            </Section>
          </>
        );
      }}
    </Load>
  );
}

/** The people of the session without a score (not calibrated: in no view above), each with why. */
function Unscored({ unscored }: { unscored: readonly ScoreFailure[] }) {
  const { t } = useI18n();
  const { nameOf } = useSession();
  if (unscored.length === 0) return null;
  const people = [...unscored].sort((a, b) => nameOf(a.subjectId).localeCompare(nameOf(b.subjectId)));
  return (
    <Section title={t('cal.unscored')} help={t('cal.unscoredHelp')} id="cal-unscored">
      <ul data-testid="cal-unscored-list">
        {people.map((u) => {
          const why = UNSCORED_WHY[u.code];
          return (
            <li key={`${u.subjectId}:${u.code}`}>
              {t('cal.unscoredLine', { name: nameOf(u.subjectId), why: why ? t(why) : u.message })}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

/** Why a person has no score, in the tab's language (the API's English for a code the tab does not know). */
const UNSCORED_WHY: Record<string, MessageKey> = {
  all_goals_cancelled: 'cal.unscored.all_goals_cancelled',
  no_scorable_goals: 'cal.unscored.no_scorable_goals',
  duplicate_subject: 'cal.unscored.duplicate_subject',
};

/** People the 9-box cannot place yet: assess their potential here (managers, heads and HR may). */
function AssessPotential({
  cycle,
  people,
  onSaved,
}: {
  cycle: Cycle;
  people: readonly string[];
  onSaved: () => void;
}) {
  const { client, nameOf, me } = useSession();
  const { t } = useI18n();
  const act = useAction();
  const [chosen, setChosen] = useState<Record<string, string>>({});
  // One's own potential is assessed by one's managers, never by oneself (the API refuses it).
  const others = people.filter((personId) => personId !== me.id);
  if (others.length === 0) return null;
  return (
    <Stack>
      <Text weight="semibold">{t('cal.noPotential')}</Text>
      {others.map((personId) => (
        <Row key={personId}>
          <Field label={t('cal.potentialOf', { name: nameOf(personId) })}>
            <Select
              value={chosen[personId] ?? ''}
              onChange={(_, d) => setChosen((c) => ({ ...c, [personId]: d.value }))}
            >
              <option value="">—</option>
              <option value="1">{t('cal.low')}</option>
              <option value="2">{t('cal.moderate')}</option>
              <option value="3">{t('cal.high')}</option>
            </Select>
          </Field>
          <Button
            disabled={act.busy || !chosen[personId]}
            onClick={() =>
              act
                .run(() =>
                  client.put(`/v1/cycles/${cycle.id}/potential/${personId}`, {
                    potential: Number(chosen[personId]),
                  }),
                )
                .then((ok) => ok && onSaved())
            }
          >
            {t('save')}
          </Button>
        </Row>
      ))}
      <Problem
        error={act.error}
        onReload={() => {
          act.clear();
          onSaved();
        }}
      />
    </Stack>
  );
}

const PERFORMANCE = ['low', 'moderate', 'high'] as const;

/** The person's marker where their rating rests on a missing appraisal (outside the move button, whose name stays theirs). */
function BasisBadge({ warnings }: { warnings: readonly RatingBasisWarning[] | undefined }) {
  const { t } = useI18n();
  if (!restsOnMissingAppraisal(warnings)) return null;
  return (
    <Badge appearance="tint" color="warning" size="small" title={basisLines(t, warnings).join(' · ')}>
      {t('cal.basis.badge')}
    </Badge>
  );
}

function NineBoxGrid({
  items,
  basis,
  onPick,
}: {
  items: readonly NineBoxItem[];
  basis: ReadonlyMap<string, readonly RatingBasisWarning[]>;
  onPick: ((p: { personId: string; rating: number }) => void) | null;
}) {
  const { t } = useI18n();
  const { nameOf } = useSession();
  const s = useStyles();
  const rows = [3, 2, 1];
  return (
    // Named by the section's heading (a caption would repeat it on screen).
    <table className={s.grid} aria-labelledby="cal-ninebox-heading">
      <thead>
        <tr>
          <th scope="col" className={s.axis}>
            {t('cal.potential')} ↓ / {t('cal.performance')} →
          </th>
          {PERFORMANCE.map((p) => (
            <th key={p} scope="col" className={s.axis}>
              {t(`cal.${p}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((potential) => (
          <tr key={potential}>
            <th scope="row" className={s.axis}>
              {t(potential === 3 ? 'cal.high' : potential === 2 ? 'cal.moderate' : 'cal.low')}
            </th>
            {PERFORMANCE.map((perf, band) => {
              const here = items.filter((i) => i.performance === perf && (i.potential ?? 1) === potential);
              // Every box keeps its name (core nineBox: box = (potential − 1) × 3 + band + 1), filled or not: a stable frame.
              const label = t(`cal.box.${(potential - 1) * 3 + band + 1}` as MessageKey);
              return (
                <td key={perf} className={s.cell} data-testid={`box-${perf}-${potential}`}>
                  <div className={s.cellBody}>
                    <Text size={200} weight="semibold">
                      {label}
                    </Text>
                    {here.length === 0 && <Help>{t('cal.boxEmpty')}</Help>}
                    {here.map((i) => (
                      <div key={i.personId} className={s.placed}>
                        {
                          // Nobody calibrates their own rating (403 own_rating): one's own entry is shown, not offered.
                          onPick && !i.isCaller ? (
                            <Button
                              size="small"
                              appearance="subtle"
                              onClick={() => onPick({ personId: i.personId, rating: i.rating })}
                            >
                              {nameOf(i.personId)} ({i.rating})
                            </Button>
                          ) : (
                            <Text size={200} data-own={i.isCaller || undefined}>
                              {nameOf(i.personId)} ({i.rating})
                              {onPick && i.isCaller && ` · ${t('cal.ownRatingShort')}`}
                            </Text>
                          )
                        }
                        <BasisBadge warnings={basis.get(i.personId)} />
                      </div>
                    ))}
                  </div>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Everyone the session rates, with the rating as scored and now: a rating can be moved here before any potential is assessed. */
function PeopleRatings({
  ratings,
  basis,
  levels,
  onPick,
}: {
  ratings: readonly { personId: string; original: number; current: number; isCaller: boolean }[];
  basis: ReadonlyMap<string, readonly RatingBasisWarning[]>;
  levels: readonly RatingLevel[];
  onPick: ((p: { personId: string; rating: number }) => void) | null;
}) {
  const { t } = useI18n();
  const s = useStyles();
  const { nameOf } = useSession();
  const names = useRatingNames(levels);
  if (ratings.length === 0) return <Help>{t('cal.noRatings')}</Help>;
  const label = (value: number) => names.text(value);
  const people = [...ratings].sort((a, b) => nameOf(a.personId).localeCompare(nameOf(b.personId)));
  return (
    <Table size="small" aria-labelledby="cal-people-heading">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('cal.person')}</TableHeaderCell>
          <TableHeaderCell>{t('cal.scoredRating')}</TableHeaderCell>
          <TableHeaderCell>{t('cal.currentRating')}</TableHeaderCell>
          {onPick && <TableHeaderCell>{t('cal.move')}</TableHeaderCell>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {people.map((p) => (
          <TableRow key={p.personId}>
            <TableCell>
              {nameOf(p.personId)}
              {/* What the rating rests on when an appraisal or actual is missing, said under the name. */}
              {basisLines(t, basis.get(p.personId)).map((line) => (
                <Text key={line} size={200} className={s.basis} data-testid="cal-basis">
                  {line}
                </Text>
              ))}
            </TableCell>
            <TableCell>{label(p.original)}</TableCell>
            <TableCell>{label(p.current)}</TableCell>
            {onPick && (
              <TableCell>
                {/* Nobody calibrates their own rating (403 own_rating): said instead of offered. */}
                {p.isCaller ? (
                  <Text size={200}>{t('cal.ownRatingShort')}</Text>
                ) : (
                  <Button
                    size="small"
                    aria-label={t('cal.moveWho', { name: nameOf(p.personId), from: p.current })}
                    onClick={() => onPick({ personId: p.personId, rating: p.current })}
                  >
                    {t('cal.move')}
                  </Button>
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The person's current rating (what the move is from) changed since it was shown: said plainly, with a reload. */
function RatingChanged({
  name,
  from,
  current,
  onReload,
}: {
  name: string;
  from: number;
  current: number | null;
  onReload: () => void;
}) {
  const { t } = useI18n();
  return (
    <MessageBar intent="warning" role="alert" data-testid="rating-changed" layout="multiline">
      <MessageBarBody>
        {current === null
          ? t('cal.ratingChangedUnknown', { name, from })
          : t('cal.ratingChanged', { name, from, current })}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onReload}>{t('reload')}</Button>
      </MessageBarActions>
    </MessageBar>
  );
}

function MoveRating({
  person,
  sessionId,
  policy,
  onDone,
  onCancel,
  onReload,
}: {
  person: { personId: string; rating: number };
  sessionId: string;
  policy: Cycle['policy'];
  onDone: () => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { client, nameOf } = useSession();
  const { t } = useI18n();
  const act = useAction();
  // No target until one is chosen: starting on the current rating would offer a no-op move.
  const [to, setTo] = useState('');
  const [justification, setJustification] = useState('');
  const levels = policy.ratingScale.levels;
  const ratingNames = useRatingNames(levels);
  const values = levels.map((l) => l.value);
  const chosen = to !== '';
  const extreme = chosen && (Number(to) === Math.min(...values) || Number(to) === Math.max(...values));
  // What the API asks of the justification (core calibrate): 20 characters, the policy's evidence length for an extreme.
  const needed = extreme
    ? Math.max(MIN_JUSTIFICATION_CHARS, policy.calibration.evidenceMinChars)
    : MIN_JUSTIFICATION_CHARS;
  const written = justification.trim().length;
  // Someone moved the person meanwhile (409 rating_changed): the API names the rating it is now.
  const changed = act.error?.problem.code === 'rating_changed';
  const now = act.error?.problem.details?.currentRating;
  const current = typeof now === 'number' ? now : null;
  return (
    <Stack>
      <Text weight="semibold">
        {t('cal.moveTitle', { name: nameOf(person.personId), from: person.rating })}
      </Text>
      <Field label={t('cal.toRating')}>
        <Select value={to} onChange={(_, d) => setTo(d.value)}>
          <option value="" disabled>
            {t('cal.chooseRating')}
          </option>
          {levels.map((l) =>
            // The current rating is shown for orientation, never offered as a target.
            l.value === person.rating ? (
              <option key={l.value} value={l.value} disabled>
                {t('cal.currentMark', { rating: ratingNames.text(l.value) })}
              </option>
            ) : (
              <option key={l.value} value={l.value}>
                {ratingNames.text(l.value)}
              </option>
            ),
          )}
        </Select>
      </Field>
      <TextField
        label={t('cal.justification')}
        required
        hint={t(extreme ? 'cal.justificationExtreme' : 'cal.justificationHint', {
          min: needed,
          count: written,
        })}
        value={justification}
        onChange={setJustification}
        limit="justification"
      />
      <Row>
        <Button
          appearance="primary"
          // Never resent after the rating changed meanwhile: the reload shows the new rating to decide from.
          disabled={act.busy || changed || !chosen || Number(to) === person.rating || written < needed}
          onClick={() =>
            act
              .run(
                () =>
                  client.post(`/v1/calibration-sessions/${sessionId}/adjustments`, {
                    personId: person.personId,
                    fromRating: person.rating,
                    toRating: Number(to),
                    justification,
                  }),
                t('cal.moved'),
              )
              .then((ok) => ok && onDone())
          }
        >
          {t('cal.move')}
        </Button>
        <Button onClick={onCancel}>{t('cancel')}</Button>
      </Row>
      {changed ? (
        <RatingChanged
          name={nameOf(person.personId)}
          from={person.rating}
          current={current}
          onReload={onReload}
        />
      ) : (
        <Problem error={act.error} />
      )}
    </Stack>
  );
}
