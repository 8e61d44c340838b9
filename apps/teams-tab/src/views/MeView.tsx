// Me: what waits for me (to do), my plan (in plan: add, change, delete my goals; agree it), target adjustments of my KPI goals, my check-ins (record a progress note), my self-appraisal, feedback I asked colleagues for and
// feedback asked of me, my result with its explanation, acknowledge or appeal, and what carries into my next cycle;
// withdrawn from the cycle, all of it to read only, under the withdrawal note.
import { Badge, Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { DEFAULT_ANONYMOUS_MIN_REVIEWS } from '@perfloop/core';
import { useState } from 'react';
import { saveReview } from '../api/reviews.ts';
import type { Cycle, FeedbackMeeting, Goal, Plan } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { GoalsTable } from '../components/GoalsTable.tsx';
import { Done, Help, Load, Row, Section, Stack, TitledList } from '../components/layout.tsx';
import { Problem } from '../components/Problem.tsx';
import { ReviewForm } from '../components/ReviewForm.tsx';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useRatingNames } from '../i18n/ratingNames.ts';
import { useLoad, useSession } from '../session.tsx';
import { useToDo } from '../toDo.tsx';
import { AppealNote } from './AppealNote.tsx';
import { CheckInForm } from './CheckInForm.tsx';
import { CheckInList } from './CheckInList.tsx';
import { FeedbackInbox } from './FeedbackInbox.tsx';
import { FeedbackRequests } from './FeedbackRequests.tsx';
import { GapAttributions } from './GapAttributions.tsx';
import { checkInsOf, planOf, planPath, resultOf, selfAppraisalOf } from './meReads.ts';
import { NextCycleDrafts } from './NextCycleDrafts.tsx';
import { PlanEditor } from './PlanEditor.tsx';
import { goalMixText } from './planWords.ts';
import { developmentItemTitle, improvementPlanReason, promotionReasons } from './resultWords.ts';
import { ScoreExplanation } from './ScoreExplanation.tsx';
import { TargetAdjustments } from './TargetAdjustments.tsx';
import { ToDoSection } from './ToDoSection.tsx';
import { WithdrawnNote } from './WithdrawnNote.tsx';
import { WithheldNote } from './WithheldNote.tsx';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

/** One's own check-in is a progress note (the API's rule: meetings and forms come from a manager). */
const PROGRESS_NOTE = ['guidance_note'] as const;

export default function MeView() {
  const { cycle, me } = useSession();
  const { t } = useI18n();
  const s = useStyles();
  const [tick, setTick] = useState(0);
  const toDo = useToDo();
  if (!cycle) return <Help>{t('noCycles')}</Help>;
  // Withdrawn from the cycle: nothing about me can be recorded or changed in it (the API refuses it), so no form is
  // offered; what was recorded stays to read, and asking colleagues for feedback about me is left out.
  const withdrawn = (cycle.withdrawn ?? []).some((w) => w.personId === me.id);
  // A change here (a plan agreed, a check-in recorded) may settle a to-do item: read the list again.
  const bump = () => {
    setTick((n) => n + 1);
    toDo.reload();
  };
  return (
    <div className={s.view}>
      <WithdrawnNote cycle={cycle} personId={me.id} />
      <ToDoSection />
      <PlanSection cycle={cycle} tick={tick} onChange={bump} readOnly={withdrawn} />
      <TargetAdjustments cycle={cycle} subjectId={me.id} id="me-targets" readOnly={withdrawn} />
      <CheckInsSection cycle={cycle} tick={tick} onChange={bump} readOnly={withdrawn} />
      <SelfAppraisalSection cycle={cycle} readOnly={withdrawn} />
      <GapAttributions cycle={cycle} subjectId={me.id} id="me-gaps" readOnly={withdrawn} />
      <FeedbackRequests
        cycle={cycle}
        subjectId={me.id}
        title={t('fb.title')}
        help={t('fb.help', {
          min: cycle.policy.feedback.anonymousMinReviews ?? DEFAULT_ANONYMOUS_MIN_REVIEWS,
        })}
        id="me-feedback"
        own
        readOnly={withdrawn}
      />
      {/* Feedback asked of me is about colleagues: being withdrawn does not change it. */}
      <FeedbackInbox cycle={cycle} />
      <ResultSection cycle={cycle} readOnly={withdrawn} />
      <NextCycleDrafts cycle={cycle} mode="mine" />
    </div>
  );
}

function PlanSection({
  cycle,
  tick,
  onChange,
  readOnly,
}: {
  cycle: Cycle;
  tick: number;
  onChange: () => void;
  /** Withdrawn: the plan is shown, not edited or agreed. */
  readOnly: boolean;
}) {
  const { client, me } = useSession();
  const { t, date, number } = useI18n();
  // Read ahead while this code loaded: the first render shows it.
  const plan = useLoad(() => planOf(client, cycle, me), [cycle.id, me.id, tick], {
    initial: () => client.takeSettled<Plan>(planPath(cycle, me)),
  });
  const act = useAction();
  return (
    <Section title={t('me.plan')} id="me-plan">
      <Load loaded={plan}>
        {(p) => (
          <Stack>
            <Row>
              <Badge appearance="filled" color={p.status === 'agreed' ? 'success' : 'warning'}>
                {t('me.planStatus', { status: t(`planStatus.${p.status}`) })}
              </Badge>
              <Text>{t('me.weightsTotal', { total: p.weightsTotal })}</Text>
            </Row>
            {!p.weightsValid && <Help>{t('me.weightsInvalid')}</Help>}
            {p.goalMixWarning && <Help>{goalMixText({ t, number }, p.goalMixWarning)}</Help>}
            {cycle.phase === 'plan' && !readOnly ? (
              <PlanEditor cycle={cycle} plan={p} caption={t('me.plan')} onChange={onChange} />
            ) : (
              <GoalsTable goals={p.goals} caption={t('me.plan')} />
            )}
            {cycle.phase === 'coach' && !readOnly && <Help>{t('me.cancelHelp')}</Help>}
            {p.employeeAgreedAt && <Text>{t('me.agreed', { date: date(p.employeeAgreedAt) })}</Text>}
            <Text>
              {p.managerAgreedAt
                ? t('me.managerAgreed', { date: date(p.managerAgreedAt) })
                : t('me.waitingManager')}
            </Text>
            {cycle.phase === 'plan' && !readOnly && !p.employeeAgreedAt && (
              <Row>
                <Button
                  appearance="primary"
                  disabled={act.busy || !p.weightsValid}
                  onClick={() =>
                    act
                      .run(
                        () =>
                          // The plan as shown: a goal changed since is a 412, never agreed blindly.
                          client.post(
                            `/v1/cycles/${cycle.id}/plans/${me.id}/agree`,
                            { side: 'employee' },
                            { ifMatch: p.etag },
                          ),
                        t('saved'),
                      )
                      .then((ok) => ok && onChange())
                  }
                >
                  {t('me.agree')}
                </Button>
              </Row>
            )}
            <ActionOutcome
              act={act}
              onReload={plan.reload}
              stale={{ text: t('plan.stale'), action: t('plan.staleAction') }}
            />
          </Stack>
        )}
      </Load>
    </Section>
  );
}

function CheckInsSection({
  cycle,
  tick,
  onChange,
  readOnly,
}: {
  cycle: Cycle;
  tick: number;
  onChange: () => void;
  /** Withdrawn: the check-ins are shown, no progress note is recorded. */
  readOnly: boolean;
}) {
  const { client, me } = useSession();
  const { t } = useI18n();
  const data = useLoad(() => checkInsOf(client, cycle, me), [cycle.id, me.id, tick], { deferred: true });
  return (
    <Section title={t('me.checkIns')} id="me-checkins">
      <Load loaded={data}>
        {({ checkIns, goals }) => (
          <Stack>
            <CheckInList
              checkIns={checkIns}
              policy={cycle.policy}
              goals={goals}
              {...(readOnly ? {} : { correction: { phase: cycle.phase, onCorrected: data.reload } })}
            />
            {readOnly ? null : cycle.phase === 'coach' ? (
              <ProgressNoteForm cycle={cycle} goals={goals} onRecorded={onChange} onReload={data.reload} />
            ) : (
              <Help>{t('checkIn.onlyCoach')}</Help>
            )}
          </Stack>
        )}
      </Load>
    </Section>
  );
}

function ProgressNoteForm({
  cycle,
  goals,
  onRecorded,
  onReload,
}: {
  cycle: Cycle;
  goals: readonly Goal[];
  onRecorded: () => void;
  onReload: () => void;
}) {
  const { me } = useSession();
  const { t } = useI18n();
  return (
    <Stack>
      <Text weight="semibold">{t('me.recordProgress')}</Text>
      <Help>{t('me.progressHelp')}</Help>
      <CheckInForm
        cycle={cycle}
        subjectId={me.id}
        goals={goals}
        kinds={PROGRESS_NOTE}
        dayLabel={t('checkIn.noteOn')}
        recordLabel={t('me.recordNote')}
        recordedText={t('me.noteRecorded')}
        onRecorded={onRecorded}
        onReload={onReload}
      />
    </Stack>
  );
}

function SelfAppraisalSection({ cycle, readOnly }: { cycle: Cycle; readOnly: boolean }) {
  const { client, me } = useSession();
  const { t, date } = useI18n();
  const data = useLoad(() => selfAppraisalOf(client, cycle, me), [cycle.id, me.id], { deferred: true });
  const toDo = useToDo();
  const act = useAction();
  return (
    <Section title={t('me.selfAppraisal')} help={t('me.selfHelp')} id="me-self">
      <Load loaded={data}>
        {({ review, goals }) =>
          review?.submittedAt ? (
            <Stack>
              <Text>{t('me.selfSubmitted', { date: date(review.submittedAt) })}</Text>
              <Text>{review.summary}</Text>
            </Stack>
          ) : readOnly ? (
            <Help>{t('me.selfWithdrawn')}</Help>
          ) : cycle.phase !== 'appraise' ? (
            <Help>{t('me.selfNotYet')}</Help>
          ) : (
            <Stack>
              <ReviewForm
                key={review?.version ?? 'new'}
                idPrefix="self"
                cycle={cycle}
                goals={goals.filter((g) => g.kind === 'competency')}
                existing={review}
                busy={act.busy}
                submitLabel={t('me.submitSelf')}
                screening={{ component: 'self', reviewerId: me.id, subjectId: me.id, others: [] }}
                onSave={(draft, submit) =>
                  act
                    .run(
                      () =>
                        saveReview(
                          client,
                          review,
                          { cycleId: cycle.id, subjectId: me.id, component: 'self', ...draft },
                          submit,
                        ),
                      t(submit ? 'review.submitted' : 'review.draftSaved'),
                    )
                    .then((ok) => {
                      if (!ok) return;
                      data.reload();
                      toDo.reload();
                    })
                }
              />
              <Problem
                error={act.error}
                onReload={() => {
                  act.clear();
                  data.reload();
                }}
              />
            </Stack>
          )
        }
      </Load>
      <Done text={act.done} />
    </Section>
  );
}

function ResultSection({ cycle, readOnly }: { cycle: Cycle; readOnly: boolean }) {
  const { client, me } = useSession();
  const { t, number, money, date } = useI18n();
  const ratings = useRatingNames(cycle.policy.ratingScale.levels);
  const data = useLoad(() => resultOf(client, cycle, me), [cycle.id, me.id], { deferred: true });
  const toDo = useToDo();
  // Acknowledged or appealed: the to-do's item about it goes.
  const changed = () => {
    data.reload();
    toDo.reload();
  };
  return (
    <Section title={t('me.result')} id="me-result">
      <Load loaded={data}>
        {({ result, meeting, explanation, provisional, unscored }) => {
          return (
            <Stack>
              {!result && !explanation && unscored ? (
                <Text data-testid="me-unscored">
                  {t('me.allGoalsCancelled', { goals: unscored.goals.join(t('field.listSep')) })}
                </Text>
              ) : null}
              {!result && !explanation && !unscored ? <Help>{t('me.noResult')}</Help> : null}
              {(result?.rating || explanation?.rating) && (
                <Text size={500} weight="semibold">
                  {t('me.score', {
                    score: number(result?.score ?? explanation?.score ?? 0),
                    rating: ratings.text(result?.rating ?? explanation?.rating ?? 0),
                  })}
                </Text>
              )}
              <WithheldNote withheld={explanation?.withheld ?? []} testId="me-result-withheld" />
              <ScoreExplanation
                explanation={explanation}
                provisional={provisional}
                appliedAt={result?.appliedAt ?? null}
                levels={cycle.policy.ratingScale.levels}
              />
              {result && (
                <Stack>
                  {(result.corrections ?? []).map((c) => (
                    <Text key={c.adjustmentId} data-testid="me-result-corrected">
                      {t('me.resultCorrected', {
                        from: ratings.text(c.from.rating),
                        to: ratings.text(c.to.rating),
                        date: date(c.at),
                      })}
                    </Text>
                  ))}
                  {result.bonus && (
                    <Text>
                      {t('me.bonus')}
                      {t('labelSep')}
                      {money(result.bonus.amountCents, result.currency)}
                    </Text>
                  )}
                  {result.merit && (
                    <Text>
                      {t('me.merit')}
                      {t('labelSep')}
                      {money(result.merit.amountCents, result.currency)} (
                      {number(result.merit.effectivePercent)}%)
                    </Text>
                  )}
                  {result.promotion && (
                    <Text>
                      {t('me.promotion')}
                      {t('labelSep')}
                      {t(`me.promotion.${result.promotion.status}`)}
                    </Text>
                  )}
                  {result.promotion && (
                    <TitledList
                      title={t('me.promotionWhy')}
                      items={promotionReasons({ t, number }, result.promotion)}
                      keyOf={(r) => r}
                      testId="promotion-reasons"
                    >
                      {(r) => r}
                    </TitledList>
                  )}
                  {result.improvementPlan && (
                    <Text>
                      {t('me.improvementPlan', {
                        from: date(result.improvementPlan.startsOn),
                        to: date(result.improvementPlan.endsOn),
                      })}
                      {t('labelSep')}
                      {improvementPlanReason({ t, number }, result.improvementPlan)}
                    </Text>
                  )}
                  {result.developmentItems.length > 0 && (
                    <Text>
                      {t('me.development')}
                      {t('labelSep')}
                      {result.developmentItems
                        .map((d) => developmentItemTitle({ t, number }, d))
                        .join(t('res.listSep'))}
                    </Text>
                  )}
                </Stack>
              )}
              <FeedbackMeetingPart
                meeting={meeting}
                policy={cycle.policy}
                onChange={changed}
                readOnly={readOnly}
              />
            </Stack>
          );
        }}
      </Load>
    </Section>
  );
}

function FeedbackMeetingPart({
  meeting,
  policy,
  onChange,
  readOnly,
}: {
  meeting: FeedbackMeeting | null;
  policy: Cycle['policy'];
  onChange: () => void;
  /** Withdrawn: the meeting is shown, neither acknowledged nor appealed. */
  readOnly: boolean;
}) {
  const { client } = useSession();
  const { t, date } = useI18n();
  const act = useAction();
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  if (!meeting) return <Help>{t('me.noMeeting')}</Help>;
  const ack = meeting.acknowledgement;
  // Held as a mere formality (the API's checklist, `quality`): the result is still to be discussed properly.
  const formal = meeting.quality !== null && !meeting.quality.passed;
  // No window runs while the meeting does not count (deadline null): the appeal stays open.
  const deadline = meeting.appealDeadline;
  const canAppeal = deadline === null || Date.parse(deadline) > Date.now();
  return (
    <Stack>
      <Text weight="semibold">
        {t('me.feedbackMeeting')} · {date(meeting.heldAt)}
      </Text>
      <Text>{meeting.summary}</Text>
      <TitledList title={t('me.agreedActions')} items={meeting.agreedActions} keyOf={(a) => a}>
        {(a) => a}
      </TitledList>
      <Text data-testid="ack-status">
        {t(`me.ack.${ack.status}`, {
          date: date(ack.at),
          outcome: ack.outcome ? t(`me.outcome.${ack.outcome}`) : '',
        })}
      </Text>
      <AppealNote ack={ack} policy={policy} />
      {/* A meeting that fails the checklist is not the feedback meeting: nothing to acknowledge yet (appealing stays open). */}
      {ack.status === 'pending' && formal && (
        <Text data-testid="meeting-not-held">{t('me.meetingNotHeld')}</Text>
      )}
      {ack.status === 'pending' && !readOnly && (
        <Stack>
          {!formal && (
            <>
              <TextField
                label={t('me.ackComment')}
                value={comment}
                onChange={setComment}
                limit="acknowledgementComment"
              />
              <Row>
                <Button
                  appearance="primary"
                  disabled={act.busy}
                  onClick={() =>
                    act
                      .run(
                        () =>
                          client.post(
                            `/v1/feedback-meetings/${meeting.id}/acknowledge`,
                            { comment },
                            { version: meeting.version },
                          ),
                        t('saved'),
                      )
                      .then((ok) => ok && onChange())
                  }
                >
                  {t('me.acknowledge')}
                </Button>
              </Row>
            </>
          )}
          {canAppeal && (
            <>
              <Help>
                {deadline === null ? t('me.appealOpen') : t('me.appealUntil', { date: date(deadline) })}
              </Help>
              <TextField
                label={t('me.appealReason')}
                value={reason}
                onChange={setReason}
                limit="appealText"
              />
              <Row>
                <Button
                  disabled={act.busy || reason.trim().length < 20}
                  onClick={() =>
                    act
                      .run(
                        () =>
                          client.post(
                            `/v1/feedback-meetings/${meeting.id}/appeal`,
                            { reason },
                            { version: meeting.version },
                          ),
                        t('saved'),
                      )
                      .then((ok) => ok && onChange())
                  }
                >
                  {t('me.appeal')}
                </Button>
              </Row>
            </>
          )}
        </Stack>
      )}
      <ActionOutcome act={act} onReload={onChange} />
    </Stack>
  );
}
