// Check-ins, newest first: kind, author, the day it was held (and when one was recorded late, when), notes, the KPI
// actuals it recorded with their units, the feedback form — and, for its author on the day it was recorded, a correction.
import { Badge, Button, Text } from '@fluentui/react-components';
import { checkInCounting, DEFAULT_RECORDING_GRACE_DAYS } from '@perfloop/core';
import { useState } from 'react';
import type { CheckIn, Goal, Phase, Policy } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Done, Help, Row, Stack } from '../components/layout.tsx';
import { TextField } from '../components/TextField.tsx';
import { counted, useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { withUnit } from './plausibilityWords.ts';

/** The form fields a correction may change (the API's PATCH: notes and form; the actuals are final). */
const FORM_FIELDS = ['strengths', 'improvements', 'supportNeeded', 'nextSteps'] as const;

/**
 * The end of the correction window of a check-in recorded at `createdAt`: the API takes a correction by its author until
 * the UTC day it was recorded ends (409 `check_in_locked` after); null when that has passed at `now`.
 */
export function correctableUntil(createdAt: string | undefined, now: Date = new Date()): Date | null {
  if (!createdAt) return null;
  const day = new Date(createdAt).toISOString().slice(0, 10);
  const end = new Date(`${day}T23:59:59.999Z`);
  return now.getTime() <= end.getTime() ? end : null;
}

/** The actuals a check-in recorded, by goal (its title and unit from `goals`), in order. */
export function recordedActuals(
  c: Pick<CheckIn, 'goalUpdates'>,
  goals: readonly Pick<Goal, 'id' | 'title' | 'unit'>[],
): { goalId: string; title: string | null; unit: string | undefined; actual: number }[] {
  const byId = new Map(goals.map((g) => [g.id, g]));
  return c.goalUpdates.flatMap((u) => {
    if (u.actual === null) return [];
    const g = byId.get(u.goalId);
    return [{ goalId: u.goalId, title: g?.title ?? null, unit: g?.unit, actual: u.actual }];
  });
}

/**
 * The check-ins; with the cycle's `policy`, a coaching check-in recorded after the policy's recording grace is marked
 * with the day it was recorded (core checkInCounting: it counts from then). A progress note by the person is not.
 * With `goals`, the actuals each one recorded are shown with their goal and unit. With `correction` (the cycle's
 * phase and what to do once corrected), the signed-in author may correct one the day it was recorded, in coach.
 */
export function CheckInList({
  checkIns,
  limit = 6,
  policy,
  goals = [],
  correction,
}: {
  checkIns: readonly CheckIn[];
  limit?: number;
  policy?: Pick<Policy, 'coaching'>;
  goals?: readonly Pick<Goal, 'id' | 'title' | 'unit'>[];
  correction?: { phase: Phase; onCorrected: () => void };
}) {
  const { t, date, number } = useI18n();
  const recordingGraceDays = policy?.coaching.recordingGraceDays ?? DEFAULT_RECORDING_GRACE_DAYS;
  const late = (c: CheckIn) =>
    policy && c.createdAt && c.authorId !== c.subjectId
      ? checkInCounting({ at: c.at, recordedAt: c.createdAt }, { coaching: { recordingGraceDays } })
      : null;
  const { nameOf, me } = useSession();
  const [correcting, setCorrecting] = useState<string | null>(null);
  // Said under the list once a correction is saved (its form closes).
  const [corrected, setCorrected] = useState<string | null>(null);
  const sorted = [...checkIns].sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, limit);
  if (sorted.length === 0) return <Help>{t('noData')}</Help>;
  return (
    <>
      <ul aria-label={t('me.checkIns')} data-testid="checkin-list">
        {sorted.map((c) => {
          const counting = late(c);
          const actuals = recordedActuals(c, goals);
          const until =
            correction?.phase === 'coach' && c.authorId === me.id ? correctableUntil(c.createdAt) : null;
          return (
            <li key={c.id} data-testid={`checkin-${c.id}`}>
              <Stack>
                <Row>
                  <Text weight="semibold">
                    {t('checkIn.by', {
                      kind: t(`checkIn.kind.${c.kind}`),
                      author: nameOf(c.authorId),
                      date: date(c.at),
                    })}
                  </Text>
                  {c.version > 1 && (
                    <Badge appearance="outline" data-testid="checkin-corrected">
                      {t('checkIn.correctedOn')}
                    </Badge>
                  )}
                  {until && correcting !== c.id && (
                    <Button
                      size="small"
                      aria-label={t('checkIn.correctCheckIn')}
                      onClick={() => {
                        setCorrected(null);
                        setCorrecting(c.id);
                      }}
                    >
                      {t('checkIn.correct')}
                    </Button>
                  )}
                </Row>
                {counting?.recordedLate && (
                  <Badge appearance="tint" color="warning" data-testid="checkin-recorded-late">
                    {t(counted('checkIn.recordedLate', counting.recordedLateByDays), {
                      date: date(counting.countsAt),
                      days: counting.recordedLateByDays,
                    })}
                  </Badge>
                )}
                {c.notes && <Text>{c.notes}</Text>}
                {actuals.length > 0 && (
                  <Text data-testid="checkin-actuals">
                    {t('checkIn.actuals')}
                    {t('labelSep')}
                    {actuals
                      .map((a) =>
                        t('checkIn.actual', {
                          goal: a.title ?? t('checkIn.aGoal'),
                          value: withUnit(number, a.actual, a.unit),
                        }),
                      )
                      .join(t('checkIn.listSep'))}
                  </Text>
                )}
                {c.form && (
                  <Text>
                    {t('checkIn.strengths')}
                    {t('labelSep')}
                    {c.form.strengths} · {t('checkIn.improvements')}
                    {t('labelSep')}
                    {c.form.improvements} · {t('checkIn.nextSteps')}
                    {t('labelSep')}
                    {c.form.nextSteps}
                  </Text>
                )}
                {until && correcting === c.id && correction && (
                  <Correction
                    checkIn={c}
                    until={until}
                    onClose={() => setCorrecting(null)}
                    onCorrected={() => {
                      setCorrecting(null);
                      setCorrected(t('checkIn.corrected'));
                      correction.onCorrected();
                    }}
                  />
                )}
              </Stack>
            </li>
          );
        })}
      </ul>
      <Done text={corrected} />
    </>
  );
}

/** The author's same-day correction of a check-in's notes (and form): PATCH with the version it was read at. */
function Correction({
  checkIn: c,
  until,
  onClose,
  onCorrected,
}: {
  checkIn: CheckIn;
  until: Date;
  onClose: () => void;
  onCorrected: () => void;
}) {
  const { client } = useSession();
  const { t, locale } = useI18n();
  const act = useAction();
  const [notes, setNotes] = useState(c.notes);
  const [form, setForm] = useState(() => ({
    strengths: c.form?.strengths ?? '',
    improvements: c.form?.improvements ?? '',
    supportNeeded: c.form?.supportNeeded ?? '',
    nextSteps: c.form?.nextSteps ?? '',
  }));
  const isForm = c.kind === 'feedback_form';
  const complete = isForm
    ? [form.strengths, form.improvements, form.nextSteps].every((x) => x.trim() !== '')
    : notes.trim() !== '';
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(until);
  const save = () =>
    act
      .run(
        () => client.patch(`/v1/check-ins/${c.id}`, { notes, ...(isForm ? { form } : {}) }, c.version),
        t('checkIn.corrected'),
      )
      .then((ok) => ok && onCorrected());
  return (
    <Stack>
      <Help>{t('checkIn.correctUntil', { time })}</Help>
      <TextField
        label={t('checkIn.notes')}
        value={notes}
        onChange={setNotes}
        limit="checkInNotes"
        required={!isForm}
      />
      {isForm &&
        FORM_FIELDS.map((f) => (
          <TextField
            key={f}
            label={t(`checkIn.${f}`)}
            value={form[f]}
            onChange={(v) => setForm((x) => ({ ...x, [f]: v }))}
            limit="coachingForm"
            required={f !== 'supportNeeded'}
          />
        ))}
      <Row>
        <Button appearance="primary" disabled={act.busy || !complete} onClick={save}>
          {t('checkIn.saveCorrection')}
        </Button>
        <Button disabled={act.busy} onClick={onClose}>
          {t('cancel')}
        </Button>
      </Row>
      <ActionOutcome
        act={act}
        onReload={onCorrected}
        stale={{ text: t('checkIn.stale'), action: t('checkIn.staleAction') }}
        labels={{
          notes: t('checkIn.notes'),
          ...Object.fromEntries(FORM_FIELDS.map((f) => [`form.${f}`, t(`checkIn.${f}`)])),
        }}
      />
    </Stack>
  );
}
