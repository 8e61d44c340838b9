// The alerts' delivery records (integration_states, one per recipient, item and UTC day, or one per recipient, kind, cycle and day for a digest): a claim taken before sending (expiring if its sender dies), the outcome and its audit entry after.
import { createHash } from 'node:crypto';
import {
  type JsonObject,
  type ResourceRecord,
  type ResourceRepository,
  type Store,
  StoreError,
} from '@perfloop/store';
import { z } from 'zod';
import { STATE_KIND } from '../routes/integrations/integrationAccess.ts';
import type { AlertGroup } from './digest.ts';
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
  /** The item's subject; null on a digest (its subjects are `subjectIds`) and for an item about no one. */
  subjectId: z.string().nullable(),
  /** A digest only: the subjects its notification names (the reports whose items of this kind and cycle it covers). */
  subjectIds: z.array(z.string()).optional(),
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

/** The subject part of a digest's delivery id (never a person id). */
export const DIGEST_SUBJECT = '*';

/**
 * `alert:teams:<day>:<recipient>:<kind>:<cycle>:*`: the one digest a recipient may get a day for their reports' items
 * of one kind and cycle (its claim covers that kind and cycle for the rest of the day: see `claimGroup`).
 */
export function digestId(day: string, group: Pick<AlertGroup, 'recipientId' | 'kind' | 'cycleId'>): string {
  return `${DELIVERY_PREFIX}:${day}:${group.recipientId}:${group.kind}:${group.cycleId}:${DIGEST_SUBJECT}`;
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

/** A new claim's record data: `sending` for `holder` since `at`. */
function newClaim(day: string, alert: Alert, holder: string, at: string): Delivery {
  return {
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
    claims: 1,
    attempts: 0,
    status: null,
    error: null,
    activityType: null,
    webUrl: null,
  };
}

/** Creates a claim record (version 1), or null when a concurrent create of the same id won (`duplicate`). */
async function createClaim(
  repo: ResourceRepository,
  orgId: string,
  id: string,
  claim: Delivery,
): Promise<ResourceRecord | null> {
  try {
    return await repo.create(orgId, {
      id,
      parentId: `${DELIVERY_PREFIX}:${claim.day}`,
      cycleId: claim.cycleId,
      subjectId: claim.recipientId,
      data: claim as JsonObject,
    });
  } catch (error) {
    if (error instanceof StoreError && error.code === 'duplicate') return null;
    throw error;
  }
}

/**
 * Claims a stored delivery again for `holder` — a retryable failure, or a claim older than `expiryMs` still `sending`
 * — by compare-and-set on its version; null when it is sent, in flight or failed for good, or another run claimed it
 * first. A digest claimed again names `subjectIds` (those of its subjects still to do).
 */
async function reclaim(
  repo: ResourceRepository,
  orgId: string,
  existing: ResourceRecord,
  holder: string,
  at: string,
  expiryMs: number,
  subjectIds?: string[],
): Promise<Claim | null> {
  const before = DeliverySchema.safeParse(existing.data);
  const reason = before.success ? reclaimable(before.data, at, expiryMs) : null;
  if (!before.success || reason === null) return null;
  const claim: Delivery = {
    ...before.data,
    ...(subjectIds === undefined ? {} : { subjectIds }),
    state: 'sending',
    retryable: false,
    holder,
    claimedAt: at,
    claims: before.data.claims + 1,
    status: null,
    error: null,
    activityType: null,
    webUrl: null,
  };
  const result = await repo.update(orgId, existing.id, {
    expectedVersion: existing.version,
    data: claim as JsonObject,
  });
  return result.ok ? { record: result.record, reason } : null;
}

/**
 * Claims the delivery of `alert` today for `holder`, or null when it is taken: sent, in flight, or failed for good.
 * The claim is a create (a concurrent create of the same id loses with `duplicate`) or, for a retryable failure or a
 * claim older than `expiryMs` still `sending`, a compare-and-set on its version — so two runs, in one process or on
 * several API instances, never both send. For an alert that is never part of a digest (alerts/digest `digestible`);
 * the others are claimed with their group (`claimGroup`).
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
    if (existing) return reclaim(repo, orgId, existing, holder, at, expiryMs);
    const record = await createClaim(repo, orgId, id, newClaim(day, alert, holder, at));
    return record ? { record, reason: 'new' } : null;
  });
}

/** What `claimGroup` claimed for a group today. */
export interface GroupClaims {
  /** The digest to send (new, or claimed again), naming `alerts`: two or more when new, any left to do when again. */
  digest: (Claim & { alerts: Alert[] }) | null;
  /** Alerts to send on their own: one alone new today, or one alerted on its own earlier today claimed again. */
  singles: (Claim & { alert: Alert })[];
  /** Alerts not sent now: already sent, in flight or failed for good today, or covered by today's digest. */
  handled: number;
}

/**
 * Claims what to send today of a group (one recipient's alerts of one kind and cycle about their reports, alerts/digest
 * `deliveryUnits`), in one transaction under an exclusive lock on the group's digest id — so runs on several API
 * instances decide one after another and never both send an item:
 * - an item already claimed on its own today (`alert:teams:<day>:<recipient>:<kind>:<cycle>:<subject>`, when it was
 *   alone) stays its own delivery: claimed again only when retryable or expired (as `claimDelivery`);
 * - the others, new today: two or more are claimed as one digest (`digestId`, `subjectIds` naming them), one alone on
 *   its own id as before;
 * - once the group has a digest today, it covers the kind and cycle for the rest of the day: the digest is claimed
 *   again (a retryable failure, an expired claim) naming its subjects still to do, and an item that became overdue
 *   after it is not alerted that day — the next day's run alerts it (with the others still to do).
 */
export async function claimGroup(
  store: Store,
  orgId: string,
  day: string,
  group: AlertGroup,
  holder: string,
  at: string,
  expiryMs: number = CLAIM_EXPIRY_MS,
): Promise<GroupClaims> {
  const id = digestId(day, group);
  return store.transaction(orgId, async (tx) => {
    await tx.lock(id, 'exclusive');
    const repo = tx.resources(STATE_KIND);
    const out: GroupClaims = { digest: null, singles: [], handled: 0 };
    const fresh: Alert[] = [];
    for (const alert of group.alerts) {
      const existing = await repo.get(orgId, deliveryId(day, alert));
      if (!existing) {
        fresh.push(alert);
        continue;
      }
      const claim = await reclaim(repo, orgId, existing, holder, at, expiryMs);
      if (claim) out.singles.push({ ...claim, alert });
      else out.handled += 1;
    }
    const digest = await repo.get(orgId, id);
    if (digest) {
      const before = DeliverySchema.safeParse(digest.data);
      const subjects = new Set(before.success ? (before.data.subjectIds ?? []) : []);
      const named = fresh.filter((a) => a.item.subjectId !== null && subjects.has(a.item.subjectId));
      out.handled += fresh.length - named.length;
      const claim =
        named.length === 0
          ? null
          : await reclaim(repo, orgId, digest, holder, at, expiryMs, subjectIdsOf(named));
      if (claim) out.digest = { ...claim, alerts: named };
      else out.handled += named.length;
      return out;
    }
    const [first] = fresh;
    if (first === undefined) return out;
    if (fresh.length === 1) {
      const record = await createClaim(repo, orgId, deliveryId(day, first), newClaim(day, first, holder, at));
      if (record) out.singles.push({ record, reason: 'new', alert: first });
      else out.handled += 1;
      return out;
    }
    const claim: Delivery = {
      ...newClaim(day, first, holder, at),
      subjectId: null,
      subjectIds: subjectIdsOf(fresh),
    };
    const record = await createClaim(repo, orgId, id, claim);
    if (record) out.digest = { record, reason: 'new', alerts: fresh };
    else out.handled += fresh.length;
    return out;
  });
}

const subjectIdsOf = (alerts: readonly Alert[]): string[] => alerts.map((a) => a.item.subjectId ?? '');

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
        ...(claim.subjectIds === undefined ? {} : { subjectIds: claim.subjectIds }),
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
