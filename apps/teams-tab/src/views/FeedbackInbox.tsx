// Feedback requests addressed to me: who it is about and who asked; answer with a peer/upward review, or decline.
import { Button, Field, Text, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { myReview, saveReview } from '../api/reviews.ts';
import type { Cycle, FeedbackRequest, RequestSubject, Review } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { type Action, useAction } from '../components/action.ts';
import { Help, Load, Row, Section, Stack } from '../components/layout.tsx';
import { ReviewForm } from '../components/ReviewForm.tsx';
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
    async (): Promise<InboxItem[]> => {
      const requests = await client.all<FeedbackRequest>('/v1/me/feedback-requests', { cycleId: cycle.id });
      return Promise.all(
        requests.map(async (request) => {
          const [about, review] = await Promise.all([
            client.get<RequestSubject>(`/v1/feedback-requests/${request.id}/subject`),
            myReview(client, cycle.id, request.subjectId, me.id, request.component),
          ]);
          return { request, about, review };
        }),
      );
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
        {(items) =>
          items.length === 0 ? (
            <Help>{t('inbox.none')}</Help>
          ) : (
            <ul aria-label={t('inbox.title')}>
              {items.map((item) => (
                <li key={item.request.id} data-testid={`inbox-${item.request.id}`}>
                  <InboxRequest cycle={cycle} item={item} act={act} onChange={changed} />
                </li>
              ))}
            </ul>
          )
        }
      </Load>
      <ActionOutcome act={act} onReload={data.reload} />
    </Section>
  );
}

function InboxRequest({
  cycle,
  item,
  act,
  onChange,
}: {
  cycle: Cycle;
  item: InboxItem;
  act: Action;
  onChange: () => void;
}) {
  const { client } = useSession();
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
      {requestsOpen(cycle) && (
        <Stack>
          <Field label={t('inbox.declineReason')}>
            <Textarea value={reason} onChange={(_, d) => setReason(d.value)} resize="vertical" />
          </Field>
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
