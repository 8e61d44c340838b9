// Calibration (HR, department heads): rating distribution against the guideline, the 9-box grid where a rating can be
// moved with a justification, rater-bias flags, extreme ratings without evidence, adjustments, finalise.
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
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
} from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { BarChart } from '../components/BarChart.tsx';
import { Help, Load, Row, Section, Stack } from '../components/layout.tsx';
import { Problem } from '../components/Problem.tsx';
import { counted, type MessageKey, useI18n } from '../i18n/index.tsx';
import { useLoad, useSession } from '../session.tsx';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  grid: {
    borderCollapse: 'separate',
    borderSpacing: tokens.spacingHorizontalXS,
    maxWidth: '760px',
    width: '100%',
  },
  caption: {
    textAlign: 'left',
    fontWeight: tokens.fontWeightSemibold,
    paddingBottom: tokens.spacingVerticalS,
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
                  <Field label={t('cal.session')}>
                    <Select value={current?.id ?? ''} onChange={(_, d) => setChosen(d.value)}>
                      {list.map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.name} · {t(`cal.state.${x.state}`)}
                        </option>
                      ))}
                    </Select>
                  </Field>
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
                  <Help>{t('cal.onlyCalibrate')}</Help>
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
  const { t, number } = useI18n();
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
  const [moving, setMoving] = useState<NineBoxItem | null>(null);
  const open = session.state === 'open';
  const levels = cycle.policy.ratingScale.levels;
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
                label: `${l.value} · ${l.label}`,
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

          <Section title={t('cal.nineBox')} id="cal-ninebox">
            <NineBoxGrid items={nineBox.items} onPick={open ? setMoving : null} />
            <AssessPotential cycle={cycle} people={nineBox.missingPotential ?? []} onSaved={data.reload} />
            {moving && open && (
              <MoveRating
                item={moving}
                sessionId={session.id}
                levels={levels}
                onDone={() => {
                  setMoving(null);
                  onChange();
                }}
                onCancel={() => setMoving(null)}
              />
            )}
          </Section>

          <Section title={t('cal.raterBias')} help={t('cal.raterBiasHelp')} id="cal-bias">
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
                    <TableCell>{number(r.leniency)}</TableCell>
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
            {open && (
              <Row>
                <Button
                  appearance="primary"
                  disabled={act.busy}
                  onClick={() =>
                    act
                      .run(
                        () => client.post(`${base}/finalise`, {}, { version: session.version }),
                        t('cal.finalised'),
                      )
                      .then((ok) => ok && onChange())
                  }
                >
                  {t('cal.finalise')}
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
  onPick: ((i: NineBoxItem) => void) | null;
}) {
  const { t } = useI18n();
  const { nameOf, me } = useSession();
  const s = useStyles();
  const rows = [3, 2, 1];
  return (
    <table className={s.grid}>
      <caption className={s.caption}>{t('cal.nineBox')}</caption>
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
                      // Nobody calibrates their own rating (the API refuses it): one's own entry is shown, not offered.
                      onPick && i.personId !== me.id ? (
                        <Button key={i.personId} size="small" appearance="subtle" onClick={() => onPick(i)}>
                          {nameOf(i.personId)} ({i.rating})
                        </Button>
                      ) : (
                        <Text key={i.personId} size={200}>
                          {nameOf(i.personId)} ({i.rating})
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

function MoveRating({
  item,
  sessionId,
  levels,
  onDone,
  onCancel,
}: {
  item: NineBoxItem;
  sessionId: string;
  levels: readonly { value: number; label: string }[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { client, nameOf } = useSession();
  const { t } = useI18n();
  const act = useAction();
  const [to, setTo] = useState(String(item.rating));
  const [justification, setJustification] = useState('');
  return (
    <Stack>
      <Text weight="semibold">{t('cal.moveTitle', { name: nameOf(item.personId), from: item.rating })}</Text>
      <Field label={t('cal.toRating')}>
        <Select value={to} onChange={(_, d) => setTo(d.value)}>
          {levels.map((l) => (
            <option key={l.value} value={l.value}>
              {l.value} · {l.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('cal.justification')} required>
        <Textarea value={justification} onChange={(_, d) => setJustification(d.value)} resize="vertical" />
      </Field>
      <Row>
        <Button
          appearance="primary"
          disabled={act.busy || Number(to) === item.rating}
          onClick={() =>
            act
              .run(
                () =>
                  client.post(`/v1/calibration-sessions/${sessionId}/adjustments`, {
                    personId: item.personId,
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
      <Problem error={act.error} />
    </Stack>
  );
}
