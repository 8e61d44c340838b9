// GET /v1/alerts/deliveries on SQLite and PostgreSQL: HR only, one organisation's, filtered by day, kind, status and digest, cursor-paged, no token in an error, a daily digest listed with its subjects.
import type { ToDoItem } from '@perfloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDelivery, claimGroup, recordDelivery } from '../alerts/deliveries.ts';
import type { Alert } from '../alerts/notification.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { pageDeliveries } from './alert-deliveries.ts';

interface Item {
  id: string;
  day: string;
  recipientId: string;
  kind: string;
  cycleId: string;
  subjectId: string | null;
  digest: boolean;
  subjectIds: string[];
  activityType: string | null;
  status: string;
  retryable: boolean;
  claims: number;
  attempts: number;
  httpStatus: number | null;
  lastError: string | null;
  claimedAt: string;
  createdAt: string;
  updatedAt: string;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const D1 = '2026-11-02';
const D2 = '2026-11-03';
const D3 = '2026-11-04';

let h: ApiHarness;
let f: Fixture;
let org: string;

const alert = (recipientId: string, kind: Alert['item']['kind'], subjectId: string | null): Alert => ({
  recipientId,
  item: { kind, cycleId: 'cyc_dl', subjectId, dueOn: D1, overdueByDays: 3 } as ToDoItem & {
    kind: Alert['item']['kind'];
  },
  cycleName: 'Cycle',
  subjectName: 'Someone',
});

/** Claims a delivery and records `outcome` for it (or leaves it `sending`). */
async function delivery(
  orgId: string,
  day: string,
  a: Alert,
  outcome: 'sent' | 'failed' | 'sending',
  error: string | null = null,
): Promise<void> {
  const claim = await claimDelivery(h.store, orgId, day, a, 'test', `${day}T08:00:00.000Z`);
  if (!claim) throw new Error('not claimed');
  if (outcome === 'sending') return;
  const recorded = await recordDelivery(h.store, orgId, claim.record, {
    state: outcome,
    retryable: false,
    status: outcome === 'sent' ? 204 : 403,
    error,
    activityType: 'checkInOverdue',
    webUrl: 'https://teams.microsoft.com/l/entity/x/team',
    attempts: outcome === 'sent' ? 2 : 1,
  });
  if (!recorded) throw new Error('not recorded');
}

describe.each(ENGINES)('GET /v1/alerts/deliveries on %s', (engine) => {
  const list = (query = '', as = f.email.hal) => h.call<Page>('GET', `/v1/alerts/deliveries${query}`, { as });

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    await delivery(org, D1, alert(f.id.hana, 'check_in_due', f.id.sam), 'sent');
    await delivery(
      org,
      D1,
      alert(f.id.pia, 'check_in_due', f.id.paul),
      'failed',
      `Forbidden: Teams app not installed (Bearer ${JWT})`,
    );
    await delivery(org, D1, alert(f.id.sam, 'acknowledge_result', null), 'sending');
    await delivery(org, D2, alert(f.id.hana, 'check_in_due', f.id.sam), 'sent');
    await delivery(org, D2, alert(f.id.sam, 'acknowledge_result', null), 'sent');
    // Another organisation's delivery, and integration state that is not a delivery: never listed.
    await delivery(f.globex.organisation.id, D1, alert(f.id.gwen, 'check_in_due', f.id.gus), 'sent');
    await h.store.resources('integration_states').create(org, {
      id: 'state:notion:cursor',
      parentId: 'state:notion',
      data: { value: 1 },
    });
  });
  afterAll(() => h.close());

  it('HR reads every delivery of the organisation, by day then recipient, with its status, attempts and error', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.map((i) => [i.day, i.recipientId, i.kind, i.status])).toEqual(
      [
        [D1, f.id.hana, 'check_in_due', 'sent'],
        [D1, f.id.pia, 'check_in_due', 'failed'],
        [D1, f.id.sam, 'acknowledge_result', 'sending'],
        [D2, f.id.hana, 'check_in_due', 'sent'],
        [D2, f.id.sam, 'acknowledge_result', 'sent'],
      ].sort((a, b) => (`${a[0]}:${a[1]}` < `${b[0]}:${b[1]}` ? -1 : 1)),
    );
    const sent = res.body.items.find((i) => i.day === D1 && i.recipientId === f.id.hana);
    expect(sent).toMatchObject({
      cycleId: 'cyc_dl',
      subjectId: f.id.sam,
      claims: 1,
      attempts: 2,
      httpStatus: 204,
      lastError: null,
      claimedAt: `${D1}T08:00:00.000Z`,
    });
    const failed = res.body.items.find((i) => i.status === 'failed');
    expect(failed).toMatchObject({ httpStatus: 403, retryable: false, attempts: 1 });
    expect(failed?.lastError).toBe('Forbidden: Teams app not installed (Bearer [redacted])');
    expect(JSON.stringify(res.body)).not.toContain(JWT);
    const sending = res.body.items.find((i) => i.status === 'sending');
    expect(sending).toMatchObject({ httpStatus: null, attempts: 0, lastError: null });
  });

  it('filters by day, kind and status', async () => {
    const day = await list(`?day=${D2}`);
    expect(day.body.items.map((i) => i.day)).toEqual([D2, D2]);
    const kind = await list('?kind=acknowledge_result');
    expect(kind.body.items.map((i) => [i.day, i.status])).toEqual([
      [D1, 'sending'],
      [D2, 'sent'],
    ]);
    const both = await list(`?day=${D1}&status=sent`);
    expect(both.body.items.map((i) => i.recipientId)).toEqual([f.id.hana]);
    expect((await list('?status=failed&kind=acknowledge_result')).body.items).toEqual([]);
    // Every alerted kind is a filter, the schedule's overdue stages included (none of those here).
    for (const k of [
      'complete_plan',
      'agree_plan',
      'self_review',
      'manager_review',
      'hold_feedback_meeting',
    ]) {
      const res = await list(`?kind=${k}`);
      expect([res.status, res.body.items], k).toEqual([200, []]);
    }
  });

  it('pages with an opaque cursor, also under filters', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual((await list()).body.items.map((i) => i.id));

    const first = await list('?status=sent&limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await list(`?status=sent&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i) => i.status)).toEqual(['sent', 'sent']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('under a filter, a page reads at most its scan budget: it may be short (even empty) until nextCursor is null', async () => {
    // Budget 2, only the failed delivery (the second record): short pages, then the match, then the end.
    const pages: { items: string[]; next: string | null }[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await pageDeliveries(h.store, org, { limit: 5, cursor, status: 'failed' }, 2);
      pages.push({ items: page.items.map((x) => x.recipientId), next: page.next });
      if (page.next === null) break;
      cursor = page.next;
    }
    expect(pages.map((p) => p.items)).toEqual([[f.id.pia], [], []]);
    expect(pages.at(-1)?.next).toBeNull();
  });

  it('refuses a bad day, kind, status or limit, and a cursor of another day or listing (400)', async () => {
    for (const query of [
      '?day=2026-02-30',
      '?day=yesterday',
      '?kind=late',
      '?kind=feedback_request', // never alerted: its recipient is a reviewer the subject must not learn
      '?kind=open_calibration',
      '?status=queued',
      '?digest=yes',
      '?digest=1',
      '?limit=0',
      '?cursor=nope',
    ]) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
    }
    const d1 = await list(`?day=${D1}&limit=1`);
    const wrongDay = await list(`?day=${D2}&cursor=${d1.body.nextCursor}`);
    expect(wrongDay.status).toBe(400);
    expect(JSON.stringify(wrongDay.body)).toContain('cursor');
    const people = await h.call<{ nextCursor: string | null }>('GET', '/v1/people?limit=1', {
      as: f.email.hal,
    });
    expect(people.body.nextCursor).not.toBeNull();
    expect((await list(`?cursor=${people.body.nextCursor}`)).status).toBe(400);
  });

  it('is HR’s alone: other roles and API keys get 403; another organisation’s HR sees only theirs', async () => {
    for (const as of [f.email.sam, f.email.hana, f.email.erin]) {
      const res = await list('', as);
      expect(res.status, as).toBe(403);
    }
    const key = await h.apiKey(org, ['sync:notion']);
    expect((await h.call('GET', '/v1/alerts/deliveries', { key })).status).toBe(403);
    const globex = await list('', f.email.gwen);
    expect(globex.status).toBe(200);
    expect(globex.body.items.map((i) => i.recipientId)).toEqual([f.id.gwen]);
  });

  it('lists a daily digest once, naming its subjects, under the same filters; an item on its own names its subject', async () => {
    const group = {
      recipientId: f.id.hana,
      kind: 'manager_review' as const,
      cycleId: 'cyc_dl',
      cycleName: 'Cycle',
      alerts: [alert(f.id.hana, 'manager_review', f.id.sam), alert(f.id.hana, 'manager_review', f.id.cat)],
    };
    const claims = await claimGroup(h.store, org, D3, group, 'test', `${D3}T08:00:00.000Z`);
    expect(claims.singles).toEqual([]);
    if (!claims.digest) throw new Error('no digest claimed');
    const recorded = await recordDelivery(h.store, org, claims.digest.record, {
      state: 'sent',
      retryable: false,
      status: 204,
      error: null,
      activityType: 'managerAppraisalsOverdue',
      webUrl: 'https://teams.microsoft.com/l/entity/x/team',
      attempts: 1,
    });
    expect(recorded).toBe(true);
    const digestItem = {
      id: `alert:teams:${D3}:${f.id.hana}:manager_review:cyc_dl:*`,
      day: D3,
      recipientId: f.id.hana,
      kind: 'manager_review',
      subjectId: null,
      digest: true,
      subjectIds: [f.id.sam, f.id.cat],
      status: 'sent',
      activityType: 'managerAppraisalsOverdue',
    };
    const day = await list(`?day=${D3}`);
    expect(day.body.items).toEqual([expect.objectContaining(digestItem)]);
    expect((await list('?kind=manager_review')).body.items).toEqual([expect.objectContaining(digestItem)]);
    expect((await list(`?day=${D3}&status=sent&kind=manager_review`)).body.items).toHaveLength(1);
    expect((await list(`?day=${D3}&kind=check_in_due`)).body.items).toEqual([]);
    expect((await list(`?day=${D3}&status=failed`)).body.items).toEqual([]);
    // digest=true keeps the digests alone, digest=false the alerts about one item, with the other filters and paging.
    const digests = await list('?digest=true');
    expect(digests.status).toBe(200);
    expect(digests.body.items.map((i) => i.id)).toEqual([digestItem.id]);
    expect((await list(`?digest=true&day=${D1}`)).body.items).toEqual([]);
    expect((await list('?digest=true&kind=check_in_due')).body.items).toEqual([]);
    const singles = await list('?digest=false');
    expect(singles.body.items).toHaveLength(5);
    expect(singles.body.items.every((i) => !i.digest)).toBe(true);
    expect((await list(`?digest=false&day=${D3}`)).body.items).toEqual([]);
    const firstSingle = await list('?digest=false&status=sent&limit=1');
    const nextSingles = await list(`?digest=false&status=sent&limit=5&cursor=${firstSingle.body.nextCursor}`);
    expect([...firstSingle.body.items, ...nextSingles.body.items].map((i) => [i.day, i.status])).toEqual([
      [D1, 'sent'],
      [D2, 'sent'],
      [D2, 'sent'],
    ]);
    // Deliveries of items on their own are not digests and name their one subject (or none).
    const before = await list(`?day=${D1}`);
    expect(before.body.items.map((i) => [i.digest, i.subjectIds])).toEqual([
      [false, [f.id.sam]],
      [false, [f.id.paul]],
      [false, []],
    ]);
    // The audit entry names the digest's subjects.
    const { entries } = await h.store.audit.list(org, { after: 0, limit: 1000 });
    expect(entries.find((e) => e.resourceId === digestItem.id)?.data).toMatchObject({
      kind: 'manager_review',
      subjectId: null,
      subjectIds: [f.id.sam, f.id.cat],
    });
  });
});
