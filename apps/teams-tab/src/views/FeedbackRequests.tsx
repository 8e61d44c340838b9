// Peer / upward feedback about one person: ask a colleague (coach and appraise phases) — the kind chosen first, and
// who is not offered said with why — see each request's status, cancel.
import { Badge, Button, Field, Radio, RadioGroup, Select, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { Colleague, Cycle, FeedbackComponent, FeedbackRequest, ReviewPage } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Help, Load, Row, Section, Stack, TitledList } from '../components/layout.tsx';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/index.tsx';
import { reached } from '../phase.ts';
import { useLoad, useSession } from '../session.tsx';
import { reviewerChoices, upwardUnavailable } from './feedbackChoices.ts';
import { WithheldNote } from './WithheldNote.tsx';

/** Feedback is requested, declined and cancelled while the cycle coaches or appraises (the API's rule). */
export function requestsOpen(cycle: Pick<Cycle, 'phase'>): boolean {
  return cycle.phase === 'coach' || cycle.phase === 'appraise';
}

/** When a request was closed, to show: for the subject, an answered one's UTC day as that calendar day. */
export function closedDay(r: Pick<FeedbackRequest, 'state' | 'closedAt'>, own: boolean): string | null {
  if (r.closedAt === null) return null;
  return own && r.state === 'submitted' ? r.closedAt.slice(0, 10) : r.closedAt;
}

const PEER_ONLY = ['peer'] as const;
const PEER_AND_UPWARD = ['peer', 'upward'] as const;

const STATE_COLOR = {
  pending: 'warning',
  submitted: 'success',
  declined: 'danger',
  cancelled: 'informative',
} as const;

/**
 * The requests about `subjectId` the caller may see (the ones they made; all of them for the subject's managers and HR)
 * and a form to ask one more colleague: peer, or upward (the subject's managers and HR, of the subject's direct
 * reports; never the subject about themselves — the API's rule), the unavailable kind shown with why. Who is not
 * offered is said too: the subject's own manager for peer feedback (the API refuses them: manager_not_peer), and
 * whoever was already asked for this kind.
 * `own` (the subject's own view): from the feedback phase on, says which of their peer and upward reviews the
 * anonymity threshold withholds from them, and why; an answered request's day is the UTC day the API gives them (to the
 * day only, so it cannot name an anonymous review's author), said as that calendar day.
 */
export function FeedbackRequests({
  cycle,
  subjectId,
  title,
  help,
  id,
  own = false,
  readOnly = false,
}: {
  cycle: Cycle;
  subjectId: string;
  title: string;
  help: string;
  id: string;
  own?: boolean;
  /** The person is withdrawn from the cycle: requests are shown, none asked (a pending one may still be cancelled). */
  readOnly?: boolean;
}) {
  const { client, nameOf, people, me } = useSession();
  const { t, date } = useI18n();
  const act = useAction();
  const name = nameOf(subjectId);
  // The subject's manager: on one's own view, one's own (whom an employee may not look up: named as such).
  const managerId = (own ? me.managerId : people.get(subjectId)?.managerId) ?? null;
  const hasReports = [...people.values()].some((p) => p.managerId === subjectId && p.active);
  const noUpward = upwardUnavailable(own, hasReports);
  const components: readonly FeedbackComponent[] = noUpward ? PEER_ONLY : PEER_AND_UPWARD;
  const [component, setComponent] = useState<FeedbackComponent>('peer');
  const [reviewerId, setReviewerId] = useState('');
  const [message, setMessage] = useState('');
  const data = useLoad(
    async () => {
      // What the threshold withholds: said on any page of my reviews (one is enough), once I may read them.
      const mayRead = own && reached(cycle, 'feedback');
      const [requests, page, candidates] = await Promise.all([
        client.all<FeedbackRequest>('/v1/feedback-requests', { cycleId: cycle.id, subjectId }),
        mayRead ? client.get<ReviewPage>('/v1/reviews', { cycleId: cycle.id, subjectId, limit: 1 }) : null,
        Promise.all(
          components.map((c) =>
            client.all<Colleague>(`/v1/cycles/${cycle.id}/feedback-reviewers`, { subjectId, component: c }),
          ),
        ),
      ]);
      const byComponent = new Map(components.map((c, i) => [c, candidates[i] ?? []]));
      const withheld = (page?.withheld ?? []).filter((w) => w.subjectId === subjectId);
      return { requests, byComponent, withheld };
    },
    [cycle.id, cycle.phase, subjectId, components.join(), own],
    { deferred: true },
  );
  const ask = () =>
    act
      .run(
        () =>
          client.post('/v1/feedback-requests', {
            cycleId: cycle.id,
            subjectId,
            reviewerId,
            component,
            message,
          }),
        t('fb.asked'),
      )
      .then((ok) => {
        if (ok) {
          setReviewerId('');
          setMessage('');
          data.reload();
        }
      });
  const cancel = (r: FeedbackRequest) =>
    act
      .run(
        () => client.post(`/v1/feedback-requests/${r.id}/cancel`, {}, { version: r.version }),
        t('fb.cancelled'),
      )
      .then((ok) => ok && data.reload());
  return (
    <Section title={title} help={help} id={id}>
      <Load loaded={data}>
        {({ requests, byComponent, withheld }) => {
          const names = new Map<string, string>();
          for (const list of byComponent.values()) for (const p of list) names.set(p.id, p.name);
          const nameOfReviewer = (personId: string) => names.get(personId) ?? nameOf(personId);
          const { offered: candidates, asked } = reviewerChoices(
            byComponent.get(component) ?? [],
            requests,
            component,
            subjectId,
          );
          // Who is not offered, and why: the subject's manager (no peer), whoever was asked already.
          const notOffered = [
            component === 'peer' && managerId
              ? own
                ? t('fb.notOffered.yourManager')
                : t('fb.notOffered.manager', { manager: nameOf(managerId), name })
              : null,
            asked.length > 0
              ? t('fb.notOffered.asked', { names: asked.map(nameOfReviewer).join(t('field.listSep')) })
              : null,
          ].filter((x): x is string => x !== null);
          return (
            <Stack>
              <WithheldNote withheld={withheld} testId="fb-withheld" />
              {requests.length === 0 ? (
                <Help>{t('fb.none')}</Help>
              ) : (
                <ul aria-label={t('fb.requests')} data-testid="fb-requests">
                  {requests.map((r) => (
                    <li key={r.id} data-testid={`fb-request-${r.reviewerId}`}>
                      <Row>
                        <Text weight="semibold">
                          {t('fb.requestLine', {
                            component: t(`fb.component.${r.component}`),
                            reviewer: nameOfReviewer(r.reviewerId),
                          })}
                        </Text>
                        <Badge appearance="tint" color={STATE_COLOR[r.state]}>
                          {t(`fb.state.${r.state}`)}
                          {r.closedAt ? ` · ${date(closedDay(r, own))}` : ''}
                        </Badge>
                        {r.state === 'pending' && requestsOpen(cycle) && (
                          <Button size="small" disabled={act.busy} onClick={() => cancel(r)}>
                            {t('fb.cancel')}
                          </Button>
                        )}
                      </Row>
                      {r.message && <Text>{r.message}</Text>}
                      {r.reason && <Help>{t('fb.reason', { reason: r.reason })}</Help>}
                    </li>
                  ))}
                </ul>
              )}
              {readOnly ? null : !requestsOpen(cycle) ? (
                <Help>{t('fb.onlyPhases')}</Help>
              ) : (
                <Stack>
                  <Field label={t('fb.component')}>
                    <RadioGroup
                      layout="horizontal"
                      value={component}
                      onChange={(_, d) => {
                        setComponent(d.value as FeedbackComponent);
                        setReviewerId('');
                      }}
                    >
                      <Radio value="peer" label={t('fb.component.peer')} />
                      <Radio value="upward" label={t('fb.component.upward')} disabled={noUpward !== null} />
                    </RadioGroup>
                  </Field>
                  <Help>
                    {noUpward === 'own'
                      ? t('fb.upward.own')
                      : noUpward === 'no_reports'
                        ? t('fb.upward.noReports', { name })
                        : t('fb.upward.reports', { name })}
                  </Help>
                  <Field
                    label={t('fb.reviewer')}
                    validationState={candidates.length === 0 ? 'warning' : 'none'}
                    validationMessage={candidates.length === 0 ? t('fb.noColleagues') : undefined}
                  >
                    <Select value={reviewerId} onChange={(_, d) => setReviewerId(d.value)}>
                      <option value="">—</option>
                      {candidates.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.jobTitle ? `${p.name} · ${p.jobTitle}` : p.name}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  {notOffered.length > 0 && (
                    <TitledList
                      title={t('fb.notOffered')}
                      items={notOffered}
                      keyOf={(x) => x}
                      testId="fb-not-offered"
                    >
                      {(x) => x}
                    </TitledList>
                  )}
                  <TextField
                    label={t('fb.message')}
                    value={message}
                    onChange={setMessage}
                    limit="feedbackMessage"
                  />
                  <Row>
                    <Button appearance="primary" disabled={act.busy || reviewerId === ''} onClick={ask}>
                      {t('fb.ask')}
                    </Button>
                  </Row>
                </Stack>
              )}
              <ActionOutcome act={act} onReload={data.reload} />
            </Stack>
          );
        }}
      </Load>
    </Section>
  );
}
