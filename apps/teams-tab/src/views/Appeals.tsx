// Appeals (HR): the cycle's open appeals — who, the employee's reason, the rating appealed — each resolved (upheld, or
// changed to a corrected rating chosen from the scale, with the note the employee reads as its justification) against
// the meeting and the rating as read: a stale resolve offers a reload, never overwrites. Once results were applied for
// the person, a change re-applies their result: said beforehand, and a correction the pool or budget cannot pay in full
// is offered within what is left. Below, the appeals already resolved.
import {
  Button,
  Divider,
  Field,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Text,
  tokens,
} from '@fluentui/react-components';
import { MIN_JUSTIFICATION_CHARS } from '@perfloop/core';
import { useState } from 'react';
import { ApiError } from '../api/client.ts';
import type { Cycle, Explanation, FeedbackMeeting, Result } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Done, Help, Load, Row, Section, Stack, TitledList } from '../components/layout.tsx';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useRatingNames } from '../i18n/ratingNames.ts';
import { useLoad, useSession } from '../session.tsx';
import { outcomeText } from './appealWords.ts';

const useStyles = makeStyles({
  reason: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalM,
    borderLeft: `3px solid ${tokens.colorNeutralStroke1}`,
    whiteSpace: 'pre-wrap',
  },
});

/** Appeals are resolved in these phases (the API refuses others with `wrong_phase`). */
const RESOLVE_PHASES: readonly Cycle['phase'][] = ['feedback', 'apply'];

type Outcome = 'upheld' | 'changed';

interface OpenAppeal {
  meeting: FeedbackMeeting;
  /** The person's current (calibrated) score and rating; null when they cannot be scored. */
  score: Explanation | null;
  /** Their applied result, when results were applied for them (a change re-applies it). */
  result: Result | null;
}

/** A person's score, or null when nothing can be scored for them (422): any other failure is the load's. */
async function scoreOf(
  get: <T>(path: string) => Promise<T>,
  cycleId: string,
  personId: string,
): Promise<Explanation | null> {
  try {
    return await get<Explanation>(`/v1/cycles/${cycleId}/scores/${personId}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 422) return null;
    throw error;
  }
}

export function Appeals({
  cycle,
  onResolved,
}: {
  cycle: Cycle;
  /** After a resolution (a changed one may have re-applied an applied result). */
  onResolved?: () => void;
}) {
  const { client, nameOf } = useSession();
  const { t, date } = useI18n();
  const [resolved, setResolved] = useState<string | null>(null);
  const data = useLoad(async () => {
    const meetings = await client.all<FeedbackMeeting>('/v1/feedback-meetings', { cycleId: cycle.id });
    const open = meetings.filter((m) => m.acknowledgement.status === 'appealed');
    const [scores, results] = await Promise.all([
      Promise.all(open.map((m) => scoreOf((path) => client.get(path), cycle.id, m.subjectId))),
      open.length > 0 ? client.all<Result>(`/v1/cycles/${cycle.id}/results`) : Promise.resolve([]),
    ]);
    const resultOf = new Map(results.map((r) => [r.personId, r]));
    return {
      open: open.map(
        (meeting, i): OpenAppeal => ({
          meeting,
          score: scores[i] ?? null,
          result: resultOf.get(meeting.subjectId) ?? null,
        }),
      ),
      closed: meetings.filter((m) => m.acknowledgement.status === 'appeal_resolved'),
    };
  }, [cycle.id]);
  const canResolve = RESOLVE_PHASES.includes(cycle.phase);
  return (
    <Section title={t('appeals.title')} help={t('appeals.help')} id="results-appeals">
      <Load loaded={data}>
        {({ open, closed }) => (
          <Stack>
            {open.length === 0 && <Help>{t('appeals.none')}</Help>}
            {open.length > 0 && !canResolve && <Help>{t('appeals.onlyPhases')}</Help>}
            {open.map((a) => (
              <OpenAppealItem
                key={`${a.meeting.id}:${a.meeting.version}`}
                appeal={a}
                policy={cycle.policy}
                canResolve={canResolve}
                onResolved={(text) => {
                  setResolved(text);
                  data.reload();
                  onResolved?.();
                }}
                onReload={() => {
                  setResolved(null);
                  data.reload();
                }}
              />
            ))}
            <Done text={resolved} />
            <TitledList
              title={t('appeals.resolvedTitle')}
              items={closed}
              keyOf={(m) => m.id}
              testId="appeals-resolved"
            >
              {(m) => (
                <>
                  {t('appeals.resolvedItem', {
                    name: nameOf(m.subjectId),
                    outcome: outcomeText(t, m.acknowledgement.outcome),
                    date: date(m.acknowledgement.at),
                    by: nameOf(m.acknowledgement.by),
                  })}
                  {t('labelSep')}
                  {m.acknowledgement.note}
                  {m.acknowledgement.correction && (
                    <>
                      {' '}
                      <CorrectionText correction={m.acknowledgement.correction} policy={cycle.policy} />
                    </>
                  )}
                </>
              )}
            </TitledList>
          </Stack>
        )}
      </Load>
    </Section>
  );
}

/** "Rating corrected from 3 · Meets expectations to 4 · Exceeds expectations." */
export function CorrectionText({
  correction,
  policy,
}: {
  correction: NonNullable<FeedbackMeeting['acknowledgement']['correction']>;
  policy: Cycle['policy'];
}) {
  const { t } = useI18n();
  const ratings = useRatingNames(policy.ratingScale.levels);
  return (
    <span data-testid="appeal-correction">
      {t('appeals.correction', { from: ratings.text(correction.from), to: ratings.text(correction.to) })}
    </span>
  );
}

/** What the note needs with `changed` (core calibrate): 20 characters, the policy's evidence length for an extreme. */
function noteMinimum(policy: Cycle['policy'], to: number | null): { min: number; extreme: boolean } {
  const values = policy.ratingScale.levels.map((l) => l.value);
  const extreme = to !== null && (to === Math.min(...values) || to === Math.max(...values));
  return {
    min: extreme
      ? Math.max(MIN_JUSTIFICATION_CHARS, policy.calibration.evidenceMinChars)
      : MIN_JUSTIFICATION_CHARS,
    extreme,
  };
}

function OpenAppealItem({
  appeal,
  policy,
  canResolve,
  onResolved,
  onReload,
}: {
  appeal: OpenAppeal;
  /** The cycle policy: its rating levels name the ratings in the locale; its evidence length is the note's minimum. */
  policy: Cycle['policy'];
  canResolve: boolean;
  onResolved: (text: string) => void;
  onReload: () => void;
}) {
  const { client, me, nameOf } = useSession();
  const { t, date, number, money } = useI18n();
  const levels = policy.ratingScale.levels;
  const ratings = useRatingNames(levels);
  const s = useStyles();
  const act = useAction();
  const [outcome, setOutcome] = useState<Outcome>('upheld');
  const [note, setNote] = useState('');
  // The corrected rating: nothing chosen at first (never the current rating by default).
  const [toRating, setToRating] = useState('');
  const { meeting, score, result } = appeal;
  // The rating HR sees and corrects; the API refuses the change when it moved meanwhile (409 rating_changed).
  const current = score?.rating?.value ?? null;
  const to = toRating === '' ? null : Number(toRating);
  const changing = outcome === 'changed';
  const { min, extreme } = noteMinimum(policy, to);
  const written = [...note.trim()].length;
  const ready = changing ? current !== null && to !== null && to !== current && written >= min : written > 0;
  const ratingMoved = act.error?.problem.code === 'rating_changed';
  // The corrected pay needs more than the pool or budget has left: what is short, and the choice to pay what is left.
  const overBudget = act.error?.problem.code === 'over_budget' ? act.error.problem.details : undefined;
  const shortOf = (part: unknown): number | null => {
    const over = (part as { overCents?: unknown } | null)?.overCents;
    return typeof over === 'number' && over > 0 ? over : null;
  };
  const name = nameOf(meeting.subjectId);
  const ack = meeting.acknowledgement;
  const idPrefix = `appeal-${meeting.id}`;
  // Resolved, the appeal leaves this list: the view says so above the list, not here.
  const resolve = (cap = false) =>
    act
      .run(() =>
        // The meeting as read: resolved or changed meanwhile is a 412, never resolved over it.
        client.post(
          `/v1/feedback-meetings/${meeting.id}/resolve-appeal`,
          changing
            ? { outcome, note, toRating: to, fromRating: current, ...(cap ? { overBudget: 'cap' } : {}) }
            : { outcome, note },
          { version: meeting.version },
        ),
      )
      .then((ok) => {
        if (!ok) return;
        onResolved(
          changing && to !== null
            ? t(result ? 'appeals.resolvedNowReapplied' : 'appeals.resolvedNowChanged', {
                name,
                rating: ratings.text(to),
              })
            : t('appeals.resolvedNow', { name, outcome: outcomeText(t, outcome) }),
        );
      });
  return (
    <Stack>
      <Divider />
      <div data-testid="open-appeal" data-subject={meeting.subjectId}>
        <Stack>
          <Text weight="semibold">{t('appeals.appealedOn', { name, date: date(ack.at) })}</Text>
          <Text>
            {score?.rating
              ? t('appeals.rating', {
                  rating: ratings.text(score.rating),
                  score: number(score.score ?? 0),
                })
              : t('appeals.notScored')}
            {score?.calibrated && score.original
              ? ` · ${t('appeals.calibratedFrom', {
                  rating: ratings.text(score.original.rating),
                })}`
              : ''}
          </Text>
          <Text>{t('appeals.meeting', { name: nameOf(meeting.managerId), date: date(meeting.heldAt) })}</Text>
          <Text weight="semibold">{t('appeals.reason')}</Text>
          <blockquote className={s.reason}>{ack.reason}</blockquote>
          {meeting.subjectId === me.id ? (
            <Help>{t('appeals.own')}</Help>
          ) : (
            canResolve && (
              <Stack>
                <Field label={t('appeals.outcome')}>
                  <RadioGroup
                    value={outcome}
                    onChange={(_, d) => setOutcome(d.value as Outcome)}
                    name={`${idPrefix}-outcome`}
                  >
                    <Radio value="upheld" label={t('appeals.outcome.upheld')} />
                    <Radio value="changed" label={t('appeals.outcome.changed')} />
                  </RadioGroup>
                </Field>
                {changing &&
                  (current === null ? (
                    <Help>{t('appeals.notScoredChange')}</Help>
                  ) : (
                    <Field
                      label={t('appeals.toRating')}
                      required
                      hint={t('appeals.toRatingHint', { rating: ratings.text(current) })}
                    >
                      <Select
                        value={toRating}
                        onChange={(_, d) => {
                          // Another rating is another correction: a shortfall said for the last one no longer holds.
                          if (overBudget) act.clear();
                          setToRating(d.value);
                        }}
                      >
                        <option value="">{t('appeals.toRatingNone')}</option>
                        {levels
                          .filter((l) => l.value !== current)
                          .map((l) => (
                            <option key={l.value} value={l.value}>
                              {ratings.text(l.value)}
                            </option>
                          ))}
                      </Select>
                    </Field>
                  ))}
                {changing && result && (
                  <Help>
                    <span data-testid="appeal-reapply-hint">{t('appeals.reapplyHint', { name })}</span>
                  </Help>
                )}
                <TextField
                  label={t('appeals.note', { name })}
                  required
                  hint={
                    changing
                      ? t(extreme ? 'appeals.noteEvidence' : 'appeals.noteJustification', {
                          min,
                          count: written,
                        })
                      : undefined
                  }
                  value={note}
                  onChange={setNote}
                  limit="appealText"
                />
                <Row>
                  <Button
                    appearance="primary"
                    // Never resent after the rating moved meanwhile: the reload shows the rating to decide from.
                    disabled={act.busy || !ready || ratingMoved || overBudget !== undefined}
                    onClick={() => resolve()}
                  >
                    {t('appeals.resolve')}
                  </Button>
                  {ratingMoved && (
                    <Button
                      onClick={() => {
                        act.clear();
                        onReload();
                      }}
                    >
                      {t('appeals.staleAction')}
                    </Button>
                  )}
                </Row>
                <ActionOutcome
                  act={act}
                  onReload={onReload}
                  stale={{ text: t('appeals.stale'), action: t('appeals.staleAction') }}
                />
                {overBudget && (
                  <div data-testid="appeal-over-budget">
                    <Stack>
                      {shortOf(overBudget.bonus) !== null && (
                        <Text>
                          {t('appeals.overBudget.bonus', {
                            amount: money(shortOf(overBudget.bonus) ?? 0, result?.currency ?? null),
                          })}
                        </Text>
                      )}
                      {shortOf(overBudget.merit) !== null && (
                        <Text>
                          {t('appeals.overBudget.merit', {
                            amount: money(shortOf(overBudget.merit) ?? 0, result?.currency ?? null),
                          })}
                        </Text>
                      )}
                      <Row>
                        <Button appearance="primary" disabled={act.busy} onClick={() => resolve(true)}>
                          {t('appeals.overBudget.cap')}
                        </Button>
                      </Row>
                    </Stack>
                  </div>
                )}
              </Stack>
            )
          )}
        </Stack>
      </div>
    </Stack>
  );
}
