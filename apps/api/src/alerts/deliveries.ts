// The alerts' delivery records (integration_states, one per recipient, item and UTC day): a claim taken before sending, the outcome and its audit entry after.
import { type JsonObject, type ResourceRecord, type Store, StoreError } from '@perfloop/store';
import { z } from 'zod';
import { STATE_KIND } from '../routes/integrations/integrationAccess.ts';
import type { Alert } from './notification.ts';

/** The audit actor of every delivery entry. */
export const ALERTS_ACTOR = 'system:teams_alerts';
/** Delivery ids start with this; a day's deliveries share the parent `alert:teams:<day>`. */
export const DELIVERY_PREFIX = 'alert:teams';

export const DeliverySchema = z.object({
  channel: z.literal('teams'),
  day: z.string(),
  recipientId: z.string(),
  kind: z.string(),
  cycleId: z.string(),
  subjectId: z.string().nullable(),
  /** sending: claimed and in flight (or its sender died: never sent again that day); sent; failed. */
  state: z.enum(['sending', 'sent', 'failed']),
  /** failed only: throttling or an outage, so a later run the same day may claim it again. */
  retryable: z.boolean(),
  holder: z.string(),
  claimedAt: z.string(),
  /** Runs that claimed it (1 unless a retryable failure was claimed again). */
  claims: z.number().int(),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  activityType: z.string().nullable(),
  webUrl: z.string().nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** `alert:teams:<day>:<recipient>:<kind>:<cycle>:<subject>`: one notification per person per item per day. */
export function deliveryId(day: string, alert: Alert): string {
  const { item } = alert;
  return `${DELIVERY_PREFIX}:${day}:${alert.recipientId}:${item.kind}:${item.cycleId}:${item.subjectId ?? '-'}`;
}

/**
 * Claims the delivery of `alert` today for `holder`, or null when it is taken: sent, in flight, or failed for good.
 * The claim is a create (a concurrent create of the same id loses with `duplicate`) or, for a retryable failure, a
 * compare-and-set on its version — so two runs, in one process or on several API instances, never both send.
 */
export async function claimDelivery(
  store: Store,
  orgId: string,
  day: string,
  alert: Alert,
  holder: string,
  at: string,
): Promise<ResourceRecord | null> {
  const id = deliveryId(day, alert);
  return store.transaction(orgId, async (tx) => {
    const repo = tx.resources(STATE_KIND);
    const existing = await repo.get(orgId, id);
    const before = existing ? DeliverySchema.safeParse(existing.data) : null;
    if (existing && !(before?.success && before.data.state === 'failed' && before.data.retryable))
      return null;
    const claim: Delivery = {
      channel: 'teams',
      day,
      recipientId: alert.recipientId,
      kind: alert.item.kind,
      cycleId: alert.item.cycleId,
      subjectId: alert.item.subjectId,
      state: 'sending',
      retryable: false,
      holder,
      claimedAt: at,
      claims: (before?.success ? before.data.claims : 0) + 1,
      status: null,
      error: null,
      activityType: null,
      webUrl: null,
    };
    if (existing) {
      const result = await repo.update(orgId, id, {
        expectedVersion: existing.version,
        data: claim as JsonObject,
      });
      return result.ok ? result.record : null;
    }
    try {
      return await repo.create(orgId, {
        id,
        parentId: `${DELIVERY_PREFIX}:${day}`,
        cycleId: alert.item.cycleId,
        subjectId: alert.recipientId,
        data: claim as JsonObject,
      });
    } catch (error) {
      if (error instanceof StoreError && error.code === 'duplicate') return null;
      throw error;
    }
  });
}

export interface DeliveryOutcome {
  state: 'sent' | 'failed';
  retryable: boolean;
  status: number | null;
  error: string | null;
  activityType: string;
  webUrl: string;
  attempts: number;
}

/** Records what became of a claimed delivery, with its audit entry (`teams_alert.sent` / `teams_alert.failed`). */
export async function recordDelivery(
  store: Store,
  orgId: string,
  claimed: ResourceRecord,
  outcome: DeliveryOutcome,
): Promise<void> {
  const claim = DeliverySchema.parse(claimed.data);
  const data: Delivery = {
    ...claim,
    state: outcome.state,
    retryable: outcome.retryable,
    status: outcome.status,
    error: outcome.error,
    activityType: outcome.activityType,
    webUrl: outcome.webUrl,
  };
  await store.transaction(orgId, async (tx) => {
    const result = await tx
      .resources(STATE_KIND)
      .update(orgId, claimed.id, { expectedVersion: claimed.version, data: data as JsonObject });
    if (!result.ok) throw new Error(`delivery ${claimed.id} changed while it was being sent`);
    await tx.audit({
      actor: ALERTS_ACTOR,
      action: outcome.state === 'sent' ? 'teams_alert.sent' : 'teams_alert.failed',
      resourceKind: STATE_KIND,
      resourceId: claimed.id,
      data: {
        recipientId: claim.recipientId,
        kind: claim.kind,
        cycleId: claim.cycleId,
        subjectId: claim.subjectId,
        day: claim.day,
        activityType: outcome.activityType,
        webUrl: outcome.webUrl,
        status: outcome.status,
        attempts: outcome.attempts,
        ...(outcome.error !== null ? { error: outcome.error, retryable: outcome.retryable } : {}),
      },
    });
  });
}
