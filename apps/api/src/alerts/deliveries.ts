// The alerts' delivery records (integration_states, one per recipient, item and UTC day): a claim taken before sending (expiring if its sender dies), the outcome and its audit entry after.
import { createHash } from 'node:crypto';
import { type JsonObject, type ResourceRecord, type Store, StoreError } from '@perfloop/store';
import { z } from 'zod';
import { STATE_KIND } from '../routes/integrations/integrationAccess.ts';
import type { Alert } from './notification.ts';

/** The audit actor of every delivery entry. */
export const ALERTS_ACTOR = 'system:teams_alerts';
/** Delivery ids start with this; a day's deliveries share the parent `alert:teams:<day>`. */
export const DELIVERY_PREFIX = 'alert:teams';
/**
 * A claim still `sending` this long after it was taken is taken to be its sender's death (killed between claiming and
 * recording): a later run may claim it again. Longer than one send can last (Graph client: 4 attempts of at most
 * 30 s each and at most 3 waits of 60 s, about 5 minutes).
 */
export const CLAIM_EXPIRY_MS = 10 * 60_000;
/** The longest error text kept on a delivery record. */
const MAX_ERROR_CHARS = 500;

export const DeliverySchema = z.object({
  channel: z.literal('teams'),
  day: z.string(),
  recipientId: z.string(),
  kind: z.string(),
  cycleId: z.string(),
  subjectId: z.string().nullable(),
  /** sending: claimed and in flight (or its sender died: claimable again once CLAIM_EXPIRY_MS old); sent; failed. */
  state: z.enum(['sending', 'sent', 'failed']),
  /** failed only: throttling or an outage, so a later run the same day may claim it again. */
  retryable: z.boolean(),
  holder: z.string(),
  claimedAt: z.string(),
  /** Runs that claimed it (1 unless a retryable failure or an expired claim was claimed again). */
  claims: z.number().int(),
  /** Graph requests made for it over all its claims (records from before this field count 0). */
  attempts: z.number().int().nonnegative().default(0),
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
 * The notification's Graph `chainId` (Int64): the same for every send of one delivery, so a send repeated after a
 * claim expired (its sender died after Graph took the first) replaces the first in the recipient's feed instead of
 * adding a second. 48 bits of the id's SHA-256: a positive integer JSON carries exactly.
 */
export function deliveryChainId(id: string): number {
  return createHash('sha256').update(id).digest().readUIntBE(0, 6);
}

/** Why a delivery may be claimed: new today, a retryable failure, or a `sending` claim whose sender died. */
export type ClaimReason = 'new' | 'retry' | 'expired';

/** Whether a stored delivery may be claimed again at `at`, and why; null when it is sent, in flight or failed for good. */
export function reclaimable(
  delivery: Delivery,
  at: string,
  expiryMs: number = CLAIM_EXPIRY_MS,
): Exclude<ClaimReason, 'new'> | null {
  if (delivery.state === 'failed') return delivery.retryable ? 'retry' : null;
  if (delivery.state === 'sending') {
    const claimedAt = Date.parse(delivery.claimedAt);
    return Number.isNaN(claimedAt) || Date.parse(at) - claimedAt >= expiryMs ? 'expired' : null;
  }
  return null;
}

/** Error text fit to keep and show HR: no bearer token or JWT (Graph never echoes one, but be sure), bounded. */
export function safeError(text: string): string {
  const clean = text
    .replace(/\bBearer\s+[\w.~+/=-]+/gi, 'Bearer [redacted]')
    .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[redacted]');
  return clean.length <= MAX_ERROR_CHARS ? clean : `${clean.slice(0, MAX_ERROR_CHARS - 1)}…`;
}

/** A claimed delivery: its record (the version to record the outcome against) and why it could be claimed. */
export interface Claim {
  record: ResourceRecord;
  reason: ClaimReason;
}

/**
 * Claims the delivery of `alert` today for `holder`, or null when it is taken: sent, in flight, or failed for good.
 * The claim is a create (a concurrent create of the same id loses with `duplicate`) or, for a retryable failure or a
 * claim older than `expiryMs` still `sending`, a compare-and-set on its version — so two runs, in one process or on
 * several API instances, never both send.
 */
export async function claimDelivery(
  store: Store,
  orgId: string,
  day: string,
  alert: Alert,
  holder: string,
  at: string,
  expiryMs: number = CLAIM_EXPIRY_MS,
): Promise<Claim | null> {
  const id = deliveryId(day, alert);
  return store.transaction(orgId, async (tx) => {
    const repo = tx.resources(STATE_KIND);
    const existing = await repo.get(orgId, id);
    const before = existing ? DeliverySchema.safeParse(existing.data) : null;
    const reason: ClaimReason | null = !existing
      ? 'new'
      : before?.success
        ? reclaimable(before.data, at, expiryMs)
        : null;
    if (reason === null) return null;
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
      attempts: before?.success ? before.data.attempts : 0,
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
      return result.ok ? { record: result.record, reason } : null;
    }
    try {
      const record = await repo.create(orgId, {
        id,
        parentId: `${DELIVERY_PREFIX}:${day}`,
        cycleId: alert.item.cycleId,
        subjectId: alert.recipientId,
        data: claim as JsonObject,
      });
      return { record, reason };
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

/**
 * Records what became of a claimed delivery, with its audit entry (`teams_alert.sent` / `teams_alert.failed`).
 * False, and nothing written, when the claim was superseded: it outlived CLAIM_EXPIRY_MS and another run claimed
 * the delivery again (that run records its own outcome).
 */
export async function recordDelivery(
  store: Store,
  orgId: string,
  claimed: ResourceRecord,
  outcome: DeliveryOutcome,
): Promise<boolean> {
  const claim = DeliverySchema.parse(claimed.data);
  const error = outcome.error === null ? null : safeError(outcome.error);
  const data: Delivery = {
    ...claim,
    state: outcome.state,
    retryable: outcome.retryable,
    attempts: claim.attempts + outcome.attempts,
    status: outcome.status,
    error,
    activityType: outcome.activityType,
    webUrl: outcome.webUrl,
  };
  return store.transaction(orgId, async (tx) => {
    const result = await tx
      .resources(STATE_KIND)
      .update(orgId, claimed.id, { expectedVersion: claimed.version, data: data as JsonObject });
    if (!result.ok) return false;
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
        ...(error !== null ? { error, retryable: outcome.retryable } : {}),
      },
    });
    return true;
  });
}
