// Feedback requests addressed to me: who it is about and who asked; answer with a peer/upward review, or decline. A
// draft or answer that reads as a mere formality (empty, too short, copied between people) is flagged beside it.
import { Button, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { myReview, saveReview } from '../api/reviews.ts';
import type { Cycle, FeedbackRequest, RequestSubject, Review } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { type Action, useAction } from '../components/action.ts';
import { Help, Load, Row, Section, Stack } from '../components/layout.tsx';
import { ReviewForm } from '../components/ReviewForm.tsx';
import { ReviewFormalityNote } from '../components/ReviewFormalityNote.tsx';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useLoad, useSession } from '../session.tsx';
import { useToDo } from '../toDo.tsx';
import { requestsOpen } from './FeedbackRequests.tsx';

interface InboxItem {
  request: FeedbackRequest;
  about: RequestSubject;
  review: Review | null;
}

export function FeedbackInbox({ cycle }: { cycle: Cycle }) {
  const { client, me } = useSession();
  const { t } = useI18n();
  const act = useAction();
  const data = useLoad(
    async () => {
      // Pending requests to answer, and the ones answered: the answer's formality flags stay beside it.
      const [mine, pending, answered] = await Promise.all([
        // My reviews of the cycle: an answer copied from one of them is flagged while it is written, as the API will.
        client.all<Review>('/v1/reviews', { cycleId: cycle.id, reviewerId: me.id }),
        ...(['pending', 'submitted'] as const).map(async (state): Promise<InboxItem[]> => {
          const requests = await client.all<FeedbackRequest>('/v1/me/feedback-requests', {
            cycleId: cycle.id,
            state,
          });
          return Promise.all(
            requests.map(async (request) => {
              const [about, review] = await Promise.all([
                client.get<RequestSubject>(`/v1/feedback-requests/${request.id}/subject`),
                myReview(client, cycle.id, request.subjectId, me.id, request.component),
              ]);
              return { request, about, review };
            }),
          );
        }),
      ]);
      return {
        mine: mine as Review[],
        pending: (pending ?? []) as InboxItem[],
        answered: (answered ?? []) as InboxItem[],
      };
    },
    [cycle.id, me.id],
    { deferred: true },
  );
  const toDo = useToDo();
  // Answered or declined: the request leaves the to-do too.
  const changed = () => {
    data.reload();
    toDo.reload();
  };
  return (
    <Section title={t('inbox.title')} help={t('inbox.help')} id="me-inbox">
      <Load loaded={data}>
        {({ mine, pending, answered }) => (
          <Stack>
            {pending.length === 0 ? (
              <Help>{t('inbox.none')}</Help>
            ) : (
              <ul aria-label={t('inbox.title')}>
                {pending.map((item) => (
                  <li key={item.request.id} data-testid={`inbox-${item.request.id}`}>
                    <InboxRequest cycle={cycle} item={item} mine={mine} act={act} onChange={changed} />
                  </li>
                ))}
              </ul>
            )}
            {answered.length > 0 && <Text weight="semibold">{t('inbox.answeredTitle')}</Text>}
            {answered.length > 0 && (
              <ul aria-label={t('inbox.answeredTitle')} data-testid="inbox-answered">
                {answered.map((item) => (
                  <li key={item.request.id} data-testid={`inbox-answered-${item.request.id}`}>
                    <AnsweredRequest item={item} />
                  </li>
                ))}
              </ul>
            )}
          </Stack>
        )}
      </Load>
      <ActionOutcome act={act} onReload={data.reload} />
    </Section>
  );
}

function InboxRequest({
  cycle,
  item,
  mine,
  act,
  onChange,
}: {
  cycle: Cycle;
  item: InboxItem;
  /** My reviews of the cycle, for the live formality screening. */
  mine: readonly Review[];
  act: Action;
  onChange: () => void;
}) {
  const { client, me, nameOf } = useSession();
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const { request, about, review } = item;
  const component = t(`fb.component.${request.component}`);
  return (
    <Stack>
      <Text weight="semibold">{t('inbox.about', { component, name: about.subject.name })}</Text>
      {about.requestedBy && <Help>{t('inbox.askedBy', { name: about.requestedBy.name })}</Help>}
      {request.message && <Text>{request.message}</Text>}
      {cycle.phase === 'appraise' ? (
        <ReviewForm
          key={review?.version ?? 'new'}
          idPrefix={`fb-${request.id}`}
          cycle={cycle}
          goals={about.goals}
          existing={review}
          busy={act.busy}
          submitLabel={t('inbox.submit')}
          screening={{
            component: request.component,
            reviewerId: me.id,
            subjectId: request.subjectId,
            subjectName: about.subject.name,
            others: mine,
            nameOf,
          }}
          onSave={(draft, submit) =>
            act
              .run(
                () =>
                  saveReview(
                    client,
                    review,
                    {
                      cycleId: cycle.id,
                      subjectId: request.subjectId,
                      component: request.component,
                      feedbackRequestId: request.id,
                      ...draft,
                    },
                    submit,
                  ),
                t(submit ? 'inbox.answered' : 'review.draftSaved'),
              )
              .then((ok) => ok && onChange())
          }
        />
      ) : (
        <Help>{t('inbox.onlyAppraise')}</Help>
      )}
      {/* While it is written the form screens it live; once submitted, the API's flags stay beside it. */}
      {review?.submittedAt && <ReviewFormalityNote issues={review.formality} />}
      {requestsOpen(cycle) && (
        <Stack>
          <TextField
            label={t('inbox.declineReason')}
            value={reason}
            onChange={setReason}
            limit="feedbackReason"
          />
          <Row>
            <Button
              disabled={act.busy || reason.trim() === ''}
              onClick={() =>
                act
                  .run(
                    () =>
                      client.post(
                        `/v1/feedback-requests/${request.id}/decline`,
                        { reason },
                        { version: request.version },
                      ),
                    t('inbox.declined'),
                  )
                  .then((ok) => ok && onChange())
              }
            >
              {t('inbox.decline')}
            </Button>
          </Row>
        </Stack>
      )}
    </Stack>
  );
}

/** A request already answered: when, and the answer's formality flags (as a manager sees theirs beside the appraisal). */
function AnsweredRequest({ item }: { item: InboxItem }) {
  const { t, date } = useI18n();
  const { request, about, review } = item;
  const component = t(`fb.component.${request.component}`);
  return (
    <Stack>
      <Text weight="semibold">{t('inbox.about', { component, name: about.subject.name })}</Text>
      {review?.submittedAt && <Help>{t('inbox.answeredOn', { date: date(review.submittedAt) })}</Help>}
      {review && <ReviewFormalityNote issues={review.formality} />}
    </Stack>
  );
}
