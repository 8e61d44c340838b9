// My team (managers): plan status, coaching timeliness with overdue check-ins, next-cycle improvement drafts, then per
// person: in plan their goals (add, change, delete, from a template) and the plan's agreement, check-ins and guidance
// notes, target adjustments of their KPI goals, peer / upward feedback requests, the manager appraisal, and the feedback meeting with its formality warnings.
import {
  Badge,
  Button,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { myReview, saveReview } from '../api/reviews.ts';
import type {
  CheckIn,
  CoachingReport,
  Cycle,
  FeedbackMeeting,
  Plan,
  PlanStatus,
  Review,
} from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { GoalsTable } from '../components/GoalsTable.tsx';
import { Help, Load, Row, Section, Stack, TableScroll, TitledList } from '../components/layout.tsx';
import { Problem } from '../components/Problem.tsx';
import { ReviewForm } from '../components/ReviewForm.tsx';
import { ReviewFormalityNote } from '../components/ReviewFormalityNote.tsx';
import { SelfRatingNote } from '../components/SelfRatingNote.tsx';
import { counted, useI18n } from '../i18n/index.tsx';
import { selectPerson, usePersonInUrl } from '../navigation.tsx';
import { useLoad, useSession } from '../session.tsx';
import { ackTextFor } from './appealWords.ts';
import { CheckInForm } from './CheckInForm.tsx';
import { CheckInList } from './CheckInList.tsx';
import { CoachGoals } from './CoachGoals.tsx';
import { FeedbackRequests } from './FeedbackRequests.tsx';
import { GapAttributions } from './GapAttributions.tsx';
import { MeetingForm, type MeetingWrite } from './MeetingForm.tsx';
import { formalityLabel, formalityText, qualityCheckText } from './meetingWords.ts';
import { NextCycleDrafts } from './NextCycleDrafts.tsx';
import { PlanEditor } from './PlanEditor.tsx';
import { TargetAdjustments } from './TargetAdjustments.tsx';
import { TeamAppeals } from './TeamAppeals.tsx';
import { TeamResult } from './TeamResult.tsx';
import { TemplateAssign } from './TemplateAssign.tsx';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  // A longer badge ('… when coaching ended') wraps inside its pill instead of spilling out of its fixed height.
  wrapBadge: { height: 'auto', minHeight: '20px', whiteSpace: 'normal', textAlign: 'start' },
  // The timeliness words ('Was overdue by 18 days when coaching ended') get the room; below the minimum it scrolls.
  table: { minWidth: '600px' },
  person: { width: '22%' },
  plan: { width: '14%' },
  last: { width: '16%' },
  onTime: { width: '11%' },
  timeliness: { width: '37%' },
  // The status and, when a check-in was recorded late, its mark beside (or under) it.
  status: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

/** The mark of check-ins recorded late (after the policy's recording grace), or null when none was. */
function recordedLateText(
  t: ReturnType<typeof useI18n>['t'],
  person: { recordedLate?: number; recordedLateByDays?: number },
): string | null {
  const count = person.recordedLate ?? 0;
  const days = person.recordedLateByDays ?? 0;
  if (count === 0) return null;
  return count === 1
    ? t(counted('team.recordedLateOne', days), { days })
    : t('team.recordedLate', { count, days });
}

export default function TeamView() {
  const { cycle, client, me, nameOf } = useSession();
  const { t, date, number } = useI18n();
  const s = useStyles();
  // The person open is the URL's `?person=`: a link (a to-do item) may name them, choosing one puts them there, and
  // a reload or the back button keeps the URL and the view in step.
  const selected = usePersonInUrl();
  const [tick, setTick] = useState(0);
  const data = useLoad(async () => {
    if (!cycle) return null;
    const [plans, coaching] = await Promise.all([
      client.all<PlanStatus>(`/v1/cycles/${cycle.id}/plans`),
      client.get<CoachingReport>(`/v1/cycles/${cycle.id}/reports/coaching`),
    ]);
    return { plans: plans.filter((p) => p.personId !== me.id), coaching };
  }, [cycle?.id, me.id, tick]);
  if (!cycle) return <Help>{t('noCycles')}</Help>;
  return (
    <div className={s.view}>
      <Section
        title={t('team.coaching')}
        id="team-coaching"
        help={t('team.coachingHelp', {
          cadence: data.data?.coaching.cadenceDays ?? '…',
          grace: data.data?.coaching.graceDays ?? '…',
          recording: data.data?.coaching.recordingGraceDays ?? '…',
        })}
      >
        <Load loaded={data}>
          {(d) =>
            !d || d.plans.length === 0 ? (
              <Help>{t('team.noReports')}</Help>
            ) : (
              <Stack>
                {d.coaching.coachingEndedOn && (
                  <Text data-testid="coaching-ended">
                    {t('team.coachingEnded', { date: date(d.coaching.coachingEndedOn) })}
                  </Text>
                )}
                <TableScroll label={t('team.coaching')}>
                  <Table size="small" aria-label={t('team.coaching')} className={s.table}>
                    <TableHeader>
                      <TableRow>
                        <TableHeaderCell className={s.person}>{t('person')}</TableHeaderCell>
                        <TableHeaderCell className={s.plan}>{t('team.planStatus')}</TableHeaderCell>
                        <TableHeaderCell className={s.last}>{t('team.lastCheckIn')}</TableHeaderCell>
                        <TableHeaderCell className={s.onTime}>{t('team.onTime')}</TableHeaderCell>
                        <TableHeaderCell className={s.timeliness}>{t('team.timeliness')}</TableHeaderCell>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {d.plans.map((p) => {
                        // Once coaching is over the figures are as of its last day: said so, not as a live 'Overdue'.
                        const ended = d.coaching.coachingEndedOn !== null;
                        const c = d.coaching.people.find((x) => x.personId === p.personId);
                        const late = c ? recordedLateText(t, c) : null;
                        return (
                          <TableRow key={p.personId} aria-selected={selected === p.personId}>
                            <TableCell>
                              <Button
                                appearance={selected === p.personId ? 'primary' : 'subtle'}
                                onClick={() => selectPerson(p.personId)}
                                data-testid={`select-${p.personId}`}
                              >
                                {nameOf(p.personId)}
                              </Button>
                            </TableCell>
                            <TableCell>
                              <Badge appearance="tint" color={p.status === 'agreed' ? 'success' : 'warning'}>
                                {t(`planStatus.${p.status}`)}
                              </Badge>
                            </TableCell>
                            <TableCell>{date(c?.lastCheckInAt)}</TableCell>
                            <TableCell>{c ? `${number(c.onTimePercent, 0)}%` : '—'}</TableCell>
                            <TableCell>
                              <span className={s.status}>
                                {c?.overdue ? (
                                  <Badge
                                    appearance="filled"
                                    color="danger"
                                    data-testid="overdue"
                                    className={ended ? s.wrapBadge : undefined}
                                  >
                                    {t(
                                      counted(ended ? 'team.overdueEnded' : 'team.overdue', c.overdueByDays),
                                      {
                                        days: c.overdueByDays,
                                      },
                                    )}
                                  </Badge>
                                ) : (
                                  <Badge
                                    appearance="tint"
                                    color="success"
                                    className={ended ? s.wrapBadge : undefined}
                                  >
                                    {t(ended ? 'team.onTrackEnded' : 'team.onTrack')}
                                  </Badge>
                                )}
                                {late && (
                                  <Badge
                                    appearance="tint"
                                    color="warning"
                                    data-testid="recorded-late"
                                    className={s.wrapBadge}
                                  >
                                    {late}
                                  </Badge>
                                )}
                              </span>
                            </TableCell>
                          </TableRow>
                        );
                      })}
                    </TableBody>
                  </Table>
                </TableScroll>
              </Stack>
            )
          }
        </Load>
      </Section>
      <TeamAppeals cycle={cycle} />
      <NextCycleDrafts cycle={cycle} mode="team" />
      {selected ? (
        <PersonPanel
          key={`${selected}:${cycle.id}`}
          cycle={cycle}
          personId={selected}
          onChange={() => setTick((n) => n + 1)}
        />
      ) : (
        <Help>{t('team.selectPerson')}</Help>
      )}
    </div>
  );
}

const CHECK_IN_KINDS = ['guidance_note', 'performance_meeting', 'feedback_form'] as const;

function PersonPanel({
  cycle,
  personId,
  onChange,
}: {
  cycle: Cycle;
  personId: string;
  onChange: () => void;
}) {
  const { client, nameOf } = useSession();
  const { t } = useI18n();
  const [tick, setTick] = useState(0);
  const plan = useLoad(
    () => client.get<Plan>(`/v1/cycles/${cycle.id}/plans/${personId}`),
    [cycle.id, personId, tick],
  );
  const name = nameOf(personId);
  const changed = () => {
    setTick((n) => n + 1);
    onChange();
  };
  return (
    <>
      <Section title={t('team.checkInFor', { name })} id="team-checkin">
        <Load loaded={plan}>
          {(p) => (
            <Stack>
              {cycle.phase === 'plan' ? (
                <>
                  <PlanEditor cycle={cycle} plan={p} caption={name} onChange={changed} />
                  <TemplateAssign cycleId={cycle.id} personId={personId} onAssigned={changed} />
                </>
              ) : cycle.phase === 'coach' ? (
                <CoachGoals plan={p} caption={name} name={name} onChange={changed} />
              ) : (
                <GoalsTable goals={p.goals} caption={name} />
              )}
              {cycle.phase === 'plan' && <AgreePlan cycle={cycle} plan={p} onAgreed={changed} />}
              <CheckIns cycle={cycle} plan={p} onChange={changed} tick={tick} />
            </Stack>
          )}
        </Load>
      </Section>
      <TargetAdjustments cycle={cycle} subjectId={personId} id="team-targets" />
      <FeedbackRequests
        cycle={cycle}
        subjectId={personId}
        title={t('fb.titleFor', { name })}
        help={t('fb.helpTeam', { name })}
        id="team-feedback"
      />
      <Section title={t('team.appraisalFor', { name })} id="team-appraisal">
        <Load loaded={plan}>{(p) => <ManagerAppraisal cycle={cycle} plan={p} />}</Load>
      </Section>
      <GapAttributions cycle={cycle} subjectId={personId} id="team-gaps" />
      <Section title={t('team.meetingFor', { name })} help={t('team.formalityHelp')} id="team-meeting">
        <FeedbackMeetingPart cycle={cycle} personId={personId} />
      </Section>
    </>
  );
}

/** Plan phase: the manager's side of agreeing the plan (the employee agrees on their own Me view). */
function AgreePlan({ cycle, plan, onAgreed }: { cycle: Cycle; plan: Plan; onAgreed: () => void }) {
  const { client } = useSession();
  const { t, date } = useI18n();
  const act = useAction();
  return (
    <Stack>
      <Text>
        {t('me.weightsTotal', { total: plan.weightsTotal })} ·{' '}
        {plan.employeeAgreedAt
          ? t('team.employeeAgreed', { date: date(plan.employeeAgreedAt) })
          : t('team.waitingEmployee')}
      </Text>
      {!plan.weightsValid && <Help>{t('me.weightsInvalid')}</Help>}
      {plan.managerAgreedAt ? (
        <Text data-testid="manager-agreed">
          {t('team.managerAgreed', { date: date(plan.managerAgreedAt) })}
        </Text>
      ) : (
        <Row>
          <Button
            appearance="primary"
            disabled={act.busy || !plan.weightsValid}
            onClick={() =>
              act
                .run(
                  () =>
                    // The plan as shown: a goal changed since is a 412, never agreed blindly.
                    client.post(
                      `/v1/cycles/${cycle.id}/plans/${plan.personId}/agree`,
                      { side: 'manager' },
                      { ifMatch: plan.etag },
                    ),
                  t('saved'),
                )
                .then((ok) => ok && onAgreed())
            }
          >
            {t('team.agreePlan')}
          </Button>
        </Row>
      )}
      <Problem
        error={act.error}
        onReload={() => {
          act.clear();
          onAgreed();
        }}
        stale={{ text: t('plan.stale'), action: t('plan.staleAction') }}
      />
    </Stack>
  );
}

function CheckIns({
  cycle,
  plan,
  onChange,
  tick,
}: {
  cycle: Cycle;
  plan: Plan;
  onChange: () => void;
  tick: number;
}) {
  const { client } = useSession();
  const { t } = useI18n();
  const list = useLoad(
    () => client.all<CheckIn>('/v1/check-ins', { cycleId: cycle.id, subjectId: plan.personId }),
    [cycle.id, plan.personId, tick],
  );
  return (
    <Stack>
      <Load loaded={list}>
        {(items) => (
          <CheckInList
            checkIns={items}
            limit={4}
            policy={cycle.policy}
            goals={plan.goals}
            correction={{ phase: cycle.phase, onCorrected: list.reload }}
          />
        )}
      </Load>
      {cycle.phase !== 'coach' ? (
        <Help>{t('checkIn.onlyCoach')}</Help>
      ) : (
        <CheckInForm
          cycle={cycle}
          subjectId={plan.personId}
          goals={plan.goals}
          kinds={CHECK_IN_KINDS}
          dayLabel={t('checkIn.heldOn')}
          recordLabel={t('checkIn.record')}
          recordedText={t('checkIn.recorded')}
          onRecorded={onChange}
          onReload={onChange}
        />
      )}
    </Stack>
  );
}

function ManagerAppraisal({ cycle, plan }: { cycle: Cycle; plan: Plan }) {
  const { client, me, nameOf } = useSession();
  const { t, date } = useI18n();
  const act = useAction();
  const data = useLoad(async () => {
    const [mine, self, others] = await Promise.all([
      myReview(client, cycle.id, plan.personId, me.id, 'manager'),
      client
        .all<Review>('/v1/reviews', { cycleId: cycle.id, subjectId: plan.personId, component: 'self' })
        .then((items) => items.find((r) => r.submittedAt) ?? null),
      // My reviews of others in the cycle: an appraisal copied from one of them is flagged while it is written.
      client.all<Review>('/v1/reviews', { cycleId: cycle.id, reviewerId: me.id }),
    ]);
    return { mine, self, others };
  }, [cycle.id, plan.personId, me.id]);
  const competencies = plan.goals.filter((g) => g.kind === 'competency' && g.status !== 'cancelled');
  return (
    <Load loaded={data}>
      {({ mine, self, others }) => (
        <Stack>
          {/* The self-appraisal's summary when it has one; its ratings show per goal (never a '—' above a rating). */}
          {self ? (
            self.summary.trim() !== '' ? (
              <Help>{t('team.selfVisible', { summary: self.summary })}</Help>
            ) : (
              <Help>{t('team.selfNoSummary')}</Help>
            )
          ) : (
            cycle.phase === 'appraise' && <Help>{t('team.selfPending')}</Help>
          )}
          {mine?.submittedAt || cycle.phase !== 'appraise' ? (
            <>
              {/* No form to fill: the self-appraisal per goal, read-only, for what the manager wrote or will write. */}
              {self &&
                competencies.map((g) => <SelfRatingNote key={g.id} self={self} goal={g} cycle={cycle} />)}
              {mine?.submittedAt ? (
                <Text data-testid="appraisal-submitted">
                  {t('team.appraisalSubmitted', { date: date(mine.submittedAt) })}
                </Text>
              ) : (
                <Help>{t('team.appraisalOnly')}</Help>
              )}
            </>
          ) : (
            <ReviewForm
              key={mine?.version ?? 'new'}
              idPrefix="manager"
              cycle={cycle}
              goals={competencies}
              existing={mine}
              self={self}
              busy={act.busy}
              submitLabel={t('team.submitAppraisal')}
              screening={{
                component: 'manager',
                reviewerId: me.id,
                subjectId: plan.personId,
                subjectName: nameOf(plan.personId),
                others,
                nameOf,
              }}
              onSave={(draft, submit) =>
                act
                  .run(
                    () =>
                      saveReview(
                        client,
                        mine,
                        { cycleId: cycle.id, subjectId: plan.personId, component: 'manager', ...draft },
                        submit,
                      ),
                    t(submit ? 'review.submitted' : 'review.draftSaved'),
                  )
                  .then((ok) => ok && data.reload())
              }
            />
          )}
          {/* While it is written the form screens it live; once submitted, the API's flags stay beside it. */}
          {mine?.submittedAt && <ReviewFormalityNote issues={mine.formality} />}
          <ActionOutcome act={act} onReload={data.reload} />
        </Stack>
      )}
    </Load>
  );
}

function FeedbackMeetingPart({ cycle, personId }: { cycle: Cycle; personId: string }) {
  const { client, nameOf } = useSession();
  const { t, date, number } = useI18n();
  const words = { t, number };
  const act = useAction();
  const name = nameOf(personId);
  const meetings = useLoad(
    () => client.all<FeedbackMeeting>('/v1/feedback-meetings', { cycleId: cycle.id, subjectId: personId }),
    [cycle.id, personId],
  );
  // The form is open until a meeting is recorded; then it closes, and opens again only when asked: to correct the
  // meeting the employee has not answered yet (the same meeting, PATCH), or, once answered, to record another.
  const [writing, setWriting] = useState<'new' | 'correct' | 'closed' | null>(null);
  const done = (ok: boolean) => {
    if (!ok) return;
    setWriting('closed');
    meetings.reload();
  };
  const record = (meeting: MeetingWrite) =>
    act
      .run(
        () => client.post('/v1/feedback-meetings', { cycleId: cycle.id, subjectId: personId, ...meeting }),
        t('team.meetingRecorded'),
      )
      .then(done);
  // The meeting as read: changed meanwhile (or answered) is a 412 offering a reload, never saved over.
  const correct = (m: FeedbackMeeting) => (meeting: MeetingWrite) =>
    act
      .run(
        () => client.patch(`/v1/feedback-meetings/${m.id}`, meeting, m.version),
        t('team.meetingCorrected'),
      )
      .then(done);
  return (
    <Load loaded={meetings}>
      {(items) => {
        const held = items.some((m) => m.quality?.passed);
        // The latest meeting the employee has not answered: the one a correction changes.
        const editable = items
          .filter((m) => m.acknowledgement.status === 'pending')
          .sort((a, b) => Date.parse(b.heldAt) - Date.parse(a.heldAt))[0];
        const mode = writing ?? (items.length === 0 ? 'new' : 'closed');
        return (
          <Stack>
            {/* The result to discuss, before the meeting about it. */}
            {cycle.phase === 'feedback' && <TeamResult cycle={cycle} personId={personId} />}
            {items.map((m) => (
              <Stack key={m.id}>
                <Text weight="semibold">
                  {date(m.heldAt)} · {ackTextFor({ t, date }, m.acknowledgement, name)}
                </Text>
                {m.correctedAt && (
                  <Text size={200} data-testid="meeting-corrected">
                    {t('team.meetingCorrectedOn', { date: date(m.correctedAt) })}
                  </Text>
                )}
                {m.quality && !m.quality.passed && (
                  <Text data-testid="meeting-not-counted">{t('team.meetingNotCounted', { name })}</Text>
                )}
                <Text>{m.summary}</Text>
                <TitledList title={t('team.quality')} items={m.quality?.checks ?? []} keyOf={(c) => c.code}>
                  {(c) => (
                    <>
                      <Badge appearance="tint" color={c.passed ? 'success' : 'danger'}>
                        {c.passed ? '✓' : '✗'}
                      </Badge>{' '}
                      {qualityCheckText(words, c)}
                    </>
                  )}
                </TitledList>
                <TitledList
                  title={t('team.formality')}
                  items={m.warnings}
                  keyOf={(w) => `${w.id}:${w.code}`}
                  testId="formality-warnings"
                >
                  {(w) => (
                    <>
                      <Badge appearance="filled" color="warning">
                        {formalityLabel(words, w)}
                      </Badge>{' '}
                      {formalityText(words, w)}
                    </>
                  )}
                </TitledList>
              </Stack>
            ))}
            {cycle.phase !== 'feedback' ? (
              items.length === 0 && <Help>{t('team.meetingOnly')}</Help>
            ) : mode === 'new' ? (
              <MeetingForm cycle={cycle} name={name} busy={act.busy} onRecord={record} />
            ) : mode === 'correct' && editable ? (
              <div data-testid="meeting-correcting">
                <Stack>
                  <Help>{t('team.meetingCorrecting', { name, date: date(editable.heldAt) })}</Help>
                  <MeetingForm
                    key={`${editable.id}:${editable.version}`}
                    cycle={cycle}
                    name={name}
                    busy={act.busy}
                    onRecord={correct(editable)}
                    correcting={editable}
                  />
                </Stack>
              </div>
            ) : (
              <Row>
                {editable ? (
                  <Button onClick={() => setWriting('correct')}>
                    {t(editable.quality?.passed ? 'team.meetingCorrect' : 'team.meetingAgain')}
                  </Button>
                ) : (
                  <Button onClick={() => setWriting('new')}>
                    {t(held ? 'team.meetingAnother' : 'team.meetingAgain')}
                  </Button>
                )}
              </Row>
            )}
            <ActionOutcome
              act={act}
              onReload={meetings.reload}
              stale={{ text: t('team.meetingStale', { name }), action: t('team.meetingReload') }}
            />
          </Stack>
        );
      }}
    </Load>
  );
}
