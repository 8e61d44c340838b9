// The overdue-alerts dispatcher: shortly after start and then every interval, per organisation, sends each due alert to its recipient's Teams activity feed once a day (several of one kind and cycle about their reports as one digest).
import { randomUUID } from 'node:crypto';
import { type GeneratedLanguage, generatedLanguageOf } from '@perfloop/core';
import type { Store } from '@perfloop/store';
import type { Logger } from 'pino';
import type { TeamsAlertsConfig } from '../env.ts';
import {
  CLAIM_EXPIRY_MS,
  type Claim,
  claimDelivery,
  claimGroup,
  deliveryChainId,
  recordDelivery,
} from './deliveries.ts';
import { type AlertGroup, deliveryUnits, digestBody } from './digest.ts';
import { createGraphClient, type GraphClient, GraphTokenError } from './graphClient.ts';
import { type Alert, notificationBody } from './notification.ts';
import { overdueAlerts } from './overdue.ts';

export interface DispatchSummary {
  organisations: number;
  /** Alerts due (before dedupe and identity checks). */
  alerts: number;
  /** Notifications sent (a digest counts once). */
  sent: number;
  /** Of those, digests: several items of one kind and cycle about the recipient's reports in one notification. */
  digests: number;
  /** Alerts already sent (or in flight, or failed for good) today, or covered by today's digest: nothing sent. */
  alreadyHandled: number;
  /** Alerts of people without an Entra login of the configured tenant: skipped. */
  skippedNoIdentity: number;
  /** Distinct people skipped for that reason. */
  peopleWithoutIdentity: number;
  /** Notifications not delivered (recorded failed). */
  failed: number;
  /** Claims left `sending` past CLAIM_EXPIRY_MS (their sender died) that this run took over and sent again. */
  reclaimedExpired: number;
  /** Sends whose claim another run took over meanwhile (this one outlived the expiry): its outcome not recorded. */
  superseded: number;
  /** Organisations whose run failed (logged; the others still ran). */
  organisationErrors: number;
  /** Set when the token endpoint refused the app (the run stopped there). */
  tokenError: string | null;
}

export interface AlertDispatcher {
  /** One run now (tests call it directly; `now` defaults to the clock). */
  runOnce(now?: Date): Promise<DispatchSummary>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export interface AlertDispatcherOptions {
  graph?: GraphClient;
  /** This instance's name in delivery claims. */
  holder?: string;
  now?: () => Date;
  /** Start the timer: a first run `config.startDelayMs` after start, then one every interval (off in tests that drive runOnce). Default true. */
  timer?: boolean;
  /** How old a `sending` claim must be to be taken over (default CLAIM_EXPIRY_MS). */
  claimExpiryMs?: number;
}

/** The Graph user id (Entra object id) of a person: their live `entra` login of the tenant (`<tenant>:<object id>`). */
async function graphUserId(
  store: Store,
  orgId: string,
  personId: string,
  tenantId: string,
): Promise<string | null> {
  const logins = await store.identities.listForPerson(orgId, personId);
  const login = logins.find(
    (i) => i.provider === 'entra' && i.unlinkedAt === null && i.subject.startsWith(`${tenantId}:`),
  );
  return login ? login.subject.slice(tenantId.length + 1) : null;
}

async function* organisationIds(store: Store): AsyncGenerator<string> {
  let after: string | undefined;
  for (;;) {
    const page = await store.organisations.list({ limit: 100, ...(after !== undefined ? { after } : {}) });
    for (const o of page.organisations) yield o.id;
    if (page.nextCursor === null) return;
    after = page.nextCursor;
  }
}

export function createAlertDispatcher(
  store: Store,
  logger: Logger,
  config: TeamsAlertsConfig,
  options: AlertDispatcherOptions = {},
): AlertDispatcher {
  const graph = options.graph ?? createGraphClient(config);
  const holder = options.holder ?? `api-${randomUUID()}`;
  const clock = options.now ?? (() => new Date());
  const claimExpiryMs = options.claimExpiryMs ?? CLAIM_EXPIRY_MS;
  const log = logger.child({ module: 'teams_alerts' });

  /** One claimed notification to send: an alert on its own, or a digest naming `alerts`. */
  interface Send {
    claim: Claim;
    alerts: Alert[];
    group: AlertGroup | null;
  }

  /** The body of a send: a digest of two or more, else the alert's own notification (on the claim's chain). */
  function bodyOf(send: Send, language: GeneratedLanguage) {
    const options = { language, chainId: deliveryChainId(send.claim.record.id) };
    const [only] = send.alerts;
    if (send.group !== null && send.alerts.length > 1) {
      return {
        ...digestBody(config.teamsAppId, config.tabUrl, { ...send.group, alerts: send.alerts }, options),
        digest: true,
      };
    }
    if (only === undefined) throw new Error(`delivery ${send.claim.record.id} names no alert`);
    // A digest claimed again with one subject left to do tells of that one as its own alert would (on the digest's chain).
    return { ...notificationBody(config.teamsAppId, config.tabUrl, only, options), digest: false };
  }

  /** Sends one claimed notification and records its outcome. */
  async function deliver(
    orgId: string,
    userId: string,
    send: Send,
    language: GeneratedLanguage,
    summary: DispatchSummary,
  ): Promise<void> {
    const claimed = send.claim.record;
    if (send.claim.reason === 'expired') {
      summary.reclaimedExpired += 1;
      log.warn(
        { orgId, deliveryId: claimed.id },
        'Teams alert: a claim left in flight past its expiry (its sender died?) is sent again',
      );
    }
    // One chainId per delivery: a resend after an expired claim replaces the first notification, never adds one.
    const { activityType, body, webUrl, digest } = bodyOf(send, language);
    const outcome = await graph.sendActivityNotification(userId, body);
    const recorded = await recordDelivery(store, orgId, claimed, {
      state: outcome.ok ? 'sent' : 'failed',
      retryable: outcome.ok ? false : outcome.retryable,
      status: outcome.ok ? 204 : outcome.status,
      error: outcome.ok ? null : `${outcome.code}: ${outcome.message}`,
      activityType,
      webUrl,
      attempts: outcome.attempts,
    });
    if (!recorded) {
      summary.superseded += 1;
      log.warn(
        { orgId, deliveryId: claimed.id, ok: outcome.ok },
        'Teams alert: another run took this delivery over before its outcome was recorded',
      );
      return;
    }
    if (outcome.ok) {
      summary.sent += 1;
      if (digest) summary.digests += 1;
    } else {
      summary.failed += 1;
      log.warn(
        {
          orgId,
          recipientId: send.alerts[0]?.recipientId,
          deliveryId: claimed.id,
          status: outcome.status,
          code: outcome.code,
        },
        'Teams alert not delivered',
      );
    }
  }

  /** Records claims that could not be sent because the token endpoint refused the app: retryable, no Graph request. */
  async function recordTokenFailure(
    orgId: string,
    sends: readonly Send[],
    error: GraphTokenError,
    language: GeneratedLanguage,
    summary: DispatchSummary,
  ): Promise<void> {
    for (const send of sends) {
      const { activityType, webUrl } = bodyOf(send, language);
      await recordDelivery(store, orgId, send.claim.record, {
        state: 'failed',
        retryable: true,
        status: error.status,
        error: `token: ${error.code}`,
        activityType,
        webUrl,
        attempts: 0,
      });
      summary.failed += 1;
    }
  }

  async function runOrg(orgId: string, now: Date, summary: DispatchSummary): Promise<void> {
    const nowIso = now.toISOString();
    const day = nowIso.slice(0, 10);
    const alerts = await overdueAlerts(store, orgId, nowIso);
    summary.alerts += alerts.length;
    if (alerts.length === 0) return;
    // People carry no language of their own: the text follows the organisation's locale (zh… → Simplified Chinese).
    const locale = (await store.organisations.get(orgId))?.settings.locale;
    const language = generatedLanguageOf(typeof locale === 'string' ? locale : null);
    const users = new Map<string, string | null>();
    const without = new Set<string>();
    // Each alert on its own, or with the recipient's others of its kind and cycle about their reports (a digest).
    for (const unit of deliveryUnits(alerts)) {
      const unitAlerts = 'alert' in unit ? [unit.alert] : unit.group.alerts;
      const recipientId = 'alert' in unit ? unit.alert.recipientId : unit.group.recipientId;
      if (!users.has(recipientId)) {
        users.set(recipientId, await graphUserId(store, orgId, recipientId, config.tenantId));
      }
      const userId = users.get(recipientId) ?? null;
      if (userId === null) {
        summary.skippedNoIdentity += unitAlerts.length;
        without.add(recipientId);
        continue;
      }
      const sends: Send[] = [];
      if ('alert' in unit) {
        const claim = await claimDelivery(store, orgId, day, unit.alert, holder, nowIso, claimExpiryMs);
        if (claim === null) summary.alreadyHandled += 1;
        else sends.push({ claim, alerts: [unit.alert], group: null });
      } else {
        const claims = await claimGroup(store, orgId, day, unit.group, holder, nowIso, claimExpiryMs);
        summary.alreadyHandled += claims.handled;
        for (const { alert, ...claim } of claims.singles) sends.push({ claim, alerts: [alert], group: null });
        if (claims.digest !== null) {
          const { alerts: named, ...claim } = claims.digest;
          sends.push({ claim, alerts: named, group: unit.group });
        }
      }
      for (const [i, send] of sends.entries()) {
        try {
          await deliver(orgId, userId, send, language, summary);
        } catch (error) {
          // The token endpoint refused the app: this send and the others claimed with it are retryable failures.
          if (error instanceof GraphTokenError) {
            await recordTokenFailure(orgId, sends.slice(i), error, language, summary);
          }
          throw error;
        }
      }
    }
    summary.peopleWithoutIdentity += without.size;
  }

  async function runOnce(now: Date = clock()): Promise<DispatchSummary> {
    const summary: DispatchSummary = {
      organisations: 0,
      alerts: 0,
      sent: 0,
      digests: 0,
      alreadyHandled: 0,
      skippedNoIdentity: 0,
      peopleWithoutIdentity: 0,
      failed: 0,
      reclaimedExpired: 0,
      superseded: 0,
      organisationErrors: 0,
      tokenError: null,
    };
    try {
      for await (const orgId of organisationIds(store)) {
        summary.organisations += 1;
        try {
          await runOrg(orgId, now, summary);
        } catch (error) {
          if (error instanceof GraphTokenError) throw error;
          // One organisation's failure (a store error, a record that no longer parses) does not stop the others.
          summary.organisationErrors += 1;
          log.warn({ err: error, orgId }, 'Teams alerts: this organisation’s run failed');
        }
      }
    } catch (error) {
      if (!(error instanceof GraphTokenError)) throw error;
      summary.tokenError = error.message;
      log.error(
        { status: error.status, code: error.code },
        'Teams alerts: the Entra token request failed; run stopped',
      );
    }
    log.info(summary, 'Teams alerts run');
    return summary;
  }

  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const tick = () => {
    if (busy || stopped) return; // a slow run is never overlapped by the next tick
    busy = true;
    running = runOnce()
      .catch((error: unknown) =>
        log.warn({ err: error }, 'Teams alerts run failed; retrying at the next interval'),
      )
      .finally(() => {
        busy = false;
      });
  };
  // The first run shortly after start (a restarted API does not wait a whole interval), then one every interval.
  // Several instances starting together all run: their claims let only one send each alert.
  let interval: ReturnType<typeof setInterval> | null = null;
  let first: ReturnType<typeof setTimeout> | null = null;
  if (options.timer !== false) {
    first = setTimeout(() => {
      first = null;
      tick();
      interval = setInterval(tick, config.intervalMs);
      interval.unref();
    }, config.startDelayMs);
    first.unref();
  }
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (first) clearTimeout(first);
      if (interval) clearInterval(interval);
      await running;
    },
  };
}
