// Recording a check-in (My team: a manager's, in the three ways; Me: one's own progress note): the day it was held
// (today by default, never ahead, never before the cycle opened), notes or the feedback form within their limits, and
// the KPI actuals read in the locale — an implausible one (core actualPlausibility) is a warning to confirm, not a refusal.
import {
  Button,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
} from '@fluentui/react-components';
import { actualPlausibility, checkInEarliestDay, type PlausibilityIssue } from '@perfloop/core';
import { useState } from 'react';
import type { CheckInKind, Cycle, Goal } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { DayField } from '../components/DayField.tsx';
import { Help, Row, Stack } from '../components/layout.tsx';
import { NumberField } from '../components/NumberField.tsx';
import { TextField } from '../components/TextField.tsx';
import { instantOfDay, localDay } from '../dates.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { actualUpdates } from './checkInActuals.ts';
import { plausibilityText } from './plausibilityWords.ts';

const FORM_FIELDS = ['strengths', 'improvements', 'supportNeeded', 'nextSteps'] as const;
const EMPTY_FORM = { strengths: '', improvements: '', supportNeeded: '', nextSteps: '' };

/** The first day a check-in of `cycle` may carry (core checkInEarliestDay); null from an older API (the API checks). */
export function earliestDayOf(cycle: Pick<Cycle, 'startsOn' | 'createdAt'>): string | null {
  return cycle.createdAt ? checkInEarliestDay(cycle, cycle.createdAt) : null;
}

/** What is wrong with the day picked: none picked, after today, or before the cycle opened (`earliest`). */
export function heldOnProblem(
  day: string,
  today: string,
  earliest: string | null,
): 'missing' | 'future' | 'before_cycle' | null {
  if (day === '') return 'missing';
  if (day > today) return 'future';
  if (earliest !== null && day < earliest) return 'before_cycle';
  return null;
}

/** The plausibility warnings of each KPI's typed actual, by goal id (only goals with some). */
export function actualWarnings(
  kpis: readonly Goal[],
  updates: readonly { goalId: string; actual: number }[],
  flexible: Cycle['policy']['flexibleTargets'],
): Map<string, PlausibilityIssue[]> {
  const out = new Map<string, PlausibilityIssue[]>();
  for (const u of updates) {
    const g = kpis.find((k) => k.id === u.goalId);
    if (!g || g.direction === undefined || g.baseline === undefined || g.target === undefined) continue;
    const issues = actualPlausibility(
      {
        direction: g.direction,
        baseline: g.baseline,
        threshold: g.threshold ?? null,
        target: g.target,
        stretch: g.stretch ?? null,
        curve: g.curve,
      },
      u.actual,
      { flexible },
    );
    if (issues.length > 0) out.set(g.id, issues);
  }
  return out;
}

export function CheckInForm({
  cycle,
  subjectId,
  goals,
  kinds,
  dayLabel,
  recordLabel,
  recordedText,
  onRecorded,
  onReload,
}: {
  cycle: Cycle;
  subjectId: string;
  /** The subject's goals: their live KPIs take an actual. */
  goals: readonly Goal[];
  /** The ways this author may record (a progress note about oneself: `guidance_note` only). */
  kinds: readonly CheckInKind[];
  dayLabel: string;
  recordLabel: string;
  recordedText: string;
  onRecorded: () => void;
  onReload: () => void;
}) {
  const { client } = useSession();
  const { t, locale, number, date } = useI18n();
  const act = useAction();
  const [kind, setKind] = useState<CheckInKind>(
    kinds.includes('performance_meeting') ? 'performance_meeting' : (kinds[0] ?? 'guidance_note'),
  );
  const [day, setDay] = useState(() => localDay());
  const [notes, setNotes] = useState('');
  const [actuals, setActuals] = useState<Record<string, string>>({});
  const [form, setForm] = useState(EMPTY_FORM);
  const [confirmedFor, setConfirmedFor] = useState<string | null>(null);
  const kpis = goals.filter((g) => g.kind === 'kpi' && g.status !== 'cancelled');
  const typed = actualUpdates(kpis, actuals, locale);
  const warnings = actualWarnings(kpis, typed.updates, cycle.policy.flexibleTargets);
  // A confirmation holds for the actuals it was given: changing one asks again.
  const warned = JSON.stringify(typed.updates.filter((u) => warnings.has(u.goalId)));
  const confirmed = warnings.size === 0 || confirmedFor === warned;
  const today = localDay();
  const earliest = earliestDayOf(cycle);
  const dayProblem = heldOnProblem(day, today, earliest);
  const isForm = kind === 'feedback_form';
  // What the API requires, checked before sending (its refusal names the kind by code): notes for a guidance note or a
  // meeting; strengths, improvements and next steps for a feedback form.
  const complete = isForm
    ? [form.strengths, form.improvements, form.nextSteps].every((x) => x.trim() !== '')
    : notes.trim() !== '';
  const goalTitle = (id: string) => kpis.find((g) => g.id === id)?.title ?? '';
  const record = () =>
    act
      .run(
        () =>
          client.post('/v1/check-ins', {
            cycleId: cycle.id,
            subjectId,
            kind,
            at: instantOfDay(day),
            notes,
            goalUpdates: typed.updates,
            ...(isForm
              ? {
                  form: {
                    strengths: form.strengths,
                    improvements: form.improvements,
                    nextSteps: form.nextSteps,
                    ...(form.supportNeeded ? { supportNeeded: form.supportNeeded } : {}),
                  },
                }
              : {}),
          }),
        recordedText,
      )
      .then((ok) => {
        if (!ok) return;
        setNotes('');
        setActuals({});
        setForm(EMPTY_FORM);
        setDay(localDay());
        setConfirmedFor(null);
        onRecorded();
      });
  // The API's field errors under the form's own words (`goalUpdates.<i>` in the order sent).
  const labels: Record<string, string> = {
    at: dayLabel,
    notes: t('checkIn.notes'),
    ...Object.fromEntries(FORM_FIELDS.map((f) => [`form.${f}`, t(`checkIn.${f}`)])),
    ...Object.fromEntries(
      typed.updates.flatMap((u, i) => {
        const goal = goalTitle(u.goalId);
        return [
          [`goalUpdates.${i}.actual`, t('checkIn.goalActual', { goal })],
          [`goalUpdates.${i}.goalId`, goal],
        ];
      }),
    ),
  };
  return (
    <Stack>
      <Row>
        {kinds.length > 1 && (
          <Field label={t('checkIn.kind')}>
            <Select value={kind} onChange={(_, d) => setKind(d.value as CheckInKind)}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`checkIn.kind.${k}`)}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <DayField
          label={dayLabel}
          required
          value={day}
          onChange={setDay}
          max={today}
          {...(earliest ? { min: earliest } : {})}
          error={
            dayProblem === 'missing'
              ? t('checkIn.dayMissing')
              : dayProblem === 'future'
                ? t('checkIn.dayInFuture')
                : dayProblem === 'before_cycle' && earliest
                  ? t('checkIn.dayBeforeCycle', { date: date(earliest) })
                  : null
          }
        />
      </Row>
      <TextField
        label={t('checkIn.notes')}
        value={notes}
        onChange={setNotes}
        limit="checkInNotes"
        required={!isForm}
      />
      {isForm && (
        <Row>
          {FORM_FIELDS.map((f) => (
            <TextField
              key={f}
              label={t(`checkIn.${f}`)}
              value={form[f]}
              onChange={(v) => setForm((x) => ({ ...x, [f]: v }))}
              limit="coachingForm"
              required={f !== 'supportNeeded'}
            />
          ))}
        </Row>
      )}
      <Row>
        {kpis.map((g) => (
          <NumberField
            key={g.id}
            label={t('checkIn.goalActual', { goal: g.title })}
            signed
            value={actuals[g.id] ?? ''}
            onChange={(text) => setActuals((a) => ({ ...a, [g.id]: text }))}
            contentAfter={g.unit}
            warning={
              warnings.has(g.id)
                ? (warnings.get(g.id) ?? []).map((w) => plausibilityText({ t, number }, g, w)).join(' ')
                : null
            }
          />
        ))}
      </Row>
      {warnings.size > 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="checkin-plausibility">
          <MessageBarBody>
            <MessageBarTitle>{t('checkIn.plaus.title')}</MessageBarTitle>
            <ul>
              {[...warnings].flatMap(([goalId, issues]) => {
                const g = kpis.find((k) => k.id === goalId);
                return g
                  ? issues.map((w) => (
                      <li key={`${goalId}:${w.code}`}>{plausibilityText({ t, number }, g, w)}</li>
                    ))
                  : [];
              })}
            </ul>
            <Checkbox
              checked={confirmed}
              label={t('checkIn.plaus.confirm')}
              onChange={(_, d) => setConfirmedFor(d.checked ? warned : null)}
            />
          </MessageBarBody>
        </MessageBar>
      )}
      <Row>
        <Button
          appearance="primary"
          disabled={act.busy || !complete || typed.invalid.length > 0 || dayProblem !== null || !confirmed}
          onClick={record}
        >
          {recordLabel}
        </Button>
      </Row>
      {!confirmed && <Help>{t('checkIn.plaus.confirmFirst')}</Help>}
      <ActionOutcome act={act} onReload={onReload} labels={labels} />
    </Stack>
  );
}
