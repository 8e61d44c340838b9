// Calibration (HR, department heads): rating distribution against the guideline, the people list and 9-box where a rating
// can be moved with a justification (from the rating shown), rater-bias flags, extreme ratings without evidence, finalise.
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
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
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { MIN_JUSTIFICATION_CHARS } from '@perfloop/core';
import { useState } from 'react';
import type {
  Adjustment,
  CalibrationSession,
  Cycle,
  Distribution,
  EvidenceIssue,
  NineBox,
  NineBoxItem,
  RaterBias,
  RatingLevel,
} from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { BarChart } from '../components/BarChart.tsx';
import { Help, Load, Row, Section, Stack } from '../components/layout.tsx';
import { Problem } from '../components/Problem.tsx';
import { counted, type MessageKey, useI18n } from '../i18n/index.tsx';
import { useRatingNames } from '../i18n/ratingNames.ts';
import { useLoad, useSession } from '../session.tsx';

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
});

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
            const current = list.find((x) => x.id === chosen) ?? list[0] ?? null;
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
                      </option>
                    ))}
                  </Select>
                )}
                {cycle.phase === 'calibrate' ? (
                  <OpenSession
                    cycle={cycle}
                    departments={headed}
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
          key={`${chosen ?? sessions.data[0]?.id}:${tick}`}
          session={sessions.data.find((x) => x.id === chosen) ?? (sessions.data[0] as CalibrationSession)}
          cycle={cycle}
          onChange={() => setTick((n) => n + 1)}
        />
      )}
    </div>
  );
}

function OpenSession({
  cycle,
  departments,
  onOpened,
}: {
  cycle: Cycle;
  departments: readonly { id: string; name: string }[];
  onOpened: (id: string) => void;
}) {
  const { client } = useSession();
  const { t } = useI18n();
  const act = useAction();
  const [name, setName] = useState(`${cycle.name} calibration`);
  const [picked, setPicked] = useState<string[]>([]);
  return (
    <Stack>
      <Text weight="semibold">{t('cal.open')}</Text>
      <Field label={t('cal.name')}>
        <Input value={name} onChange={(_, d) => setName(d.value)} />
      </Field>
      <fieldset>
        <legend>{t('cal.departments')}</legend>
        {departments.map((d) => (
          <Checkbox
            key={d.id}
            label={d.name}
            checked={picked.includes(d.id)}
            onChange={(_, v) => setPicked((p) => (v.checked ? [...p, d.id] : p.filter((x) => x !== d.id)))}
          />
        ))}
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
  const open = session.state === 'open';
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
      {({ distribution, nineBox, bias, evidence, adjustments }) => (
        <>
          <Section title={t('cal.distribution')} id="cal-distribution">
            <BarChart
              title={t('cal.distribution')}
              max={Math.max(100, ...distribution.current.levels.map((l) => Math.max(l.percent, l.guideline)))}
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
              levels={cycle.policy.ratingScale.levels}
              onPick={move('people')}
            />
            {moveForm('people')}
          </Section>

          <Section title={t('cal.nineBox')} id="cal-ninebox">
            {nineBox.items.length === 0 && <Help>{t('cal.nineBoxEmpty')}</Help>}
            {nineBox.items.length === 0 && open && <Help>{t('cal.moveFromList')}</Help>}
            {open && nineBox.items.some((i) => i.isCaller) && <Help>{t('cal.ownRatingHelp')}</Help>}
            <NineBoxGrid items={nineBox.items} onPick={move('ninebox')} />
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
                {adjustments.map((a) => (
                  <li key={a.id}>
                    {t('cal.adjustment', {
                      name: nameOf(a.subjectId),
                      from: a.from,
                      to: a.to,
                      justification: a.justification,
                    })}
                  </li>
                ))}
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
      )}
    </Load>
  );
}

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

function NineBoxGrid({
  items,
  onPick,
}: {
  items: readonly NineBoxItem[];
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
            {PERFORMANCE.map((perf) => {
              const here = items.filter((i) => i.performance === perf && (i.potential ?? 1) === potential);
              // The box's name in the tab's language (people without an assessed potential have no box).
              const box = here[0]?.box;
              const label = box ? t(`cal.box.${box}` as MessageKey) : '';
              return (
                <td key={perf} className={s.cell} data-testid={`box-${perf}-${potential}`}>
                  <div className={s.cellBody}>
                    <Text size={200} weight="semibold">
                      {label}
                    </Text>
                    {here.map((i) =>
                      // Nobody calibrates their own rating (403 own_rating): one's own entry is shown, not offered.
                      onPick && !i.isCaller ? (
                        <Button
                          key={i.personId}
                          size="small"
                          appearance="subtle"
                          onClick={() => onPick({ personId: i.personId, rating: i.rating })}
                        >
                          {nameOf(i.personId)} ({i.rating})
                        </Button>
                      ) : (
                        <Text key={i.personId} size={200} data-own={i.isCaller || undefined}>
                          {nameOf(i.personId)} ({i.rating})
                          {onPick && i.isCaller && ` · ${t('cal.ownRatingShort')}`}
                        </Text>
                      ),
                    )}
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
  levels,
  onPick,
}: {
  ratings: readonly { personId: string; original: number; current: number; isCaller: boolean }[];
  levels: readonly RatingLevel[];
  onPick: ((p: { personId: string; rating: number }) => void) | null;
}) {
  const { t } = useI18n();
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
            <TableCell>{nameOf(p.personId)}</TableCell>
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
  const [to, setTo] = useState(String(person.rating));
  const [justification, setJustification] = useState('');
  const levels = policy.ratingScale.levels;
  const ratingNames = useRatingNames(levels);
  const values = levels.map((l) => l.value);
  const extreme = Number(to) === Math.min(...values) || Number(to) === Math.max(...values);
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
          {levels.map((l) => (
            <option key={l.value} value={l.value}>
              {ratingNames.text(l.value)}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label={t('cal.justification')}
        required
        hint={t(extreme ? 'cal.justificationExtreme' : 'cal.justificationHint', {
          min: needed,
          count: written,
        })}
      >
        <Textarea value={justification} onChange={(_, d) => setJustification(d.value)} resize="vertical" />
      </Field>
      <Row>
        <Button
          appearance="primary"
          // Never resent after the rating changed meanwhile: the reload shows the new rating to decide from.
          disabled={act.busy || changed || Number(to) === person.rating || written < needed}
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
