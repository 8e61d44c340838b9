// Notion operations against the fake: paging past Notion's per-query result cap, comments said once after an unknown outcome, appends packed by group.
import { startFakeNotion } from '@perfloop/fakes';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { NotionGateway } from './gateway.ts';
import { NotionOps, packGroups } from './ops.ts';

const text = (content: string) => [{ type: 'text', text: { content } }];

async function setup(queryResultLimit: number) {
  const fake = await startFakeNotion({ rateLimit: { requestsPerSecond: 0 }, queryResultLimit });
  const gateway = new NotionGateway({
    token: fake.token,
    baseUrl: fake.url,
    requestsPerSecond: 100,
    burst: 10,
    concurrency: 4,
    timeoutMs: 1000,
    logger: createLogger('silent'),
  });
  const ops = new NotionOps(gateway);
  const parent = fake.createSharedPage('P');
  const db = fake.workspace.createDatabase(fake.bot.id, {
    parent: { page_id: parent.id },
    initial_data_source: { properties: { Name: { title: {} }, 'Perfloop id': { rich_text: {} } } },
  });
  return { fake, ops, dataSourceId: db.dataSourceIds[0] as string };
}

describe('NotionOps', () => {
  it('reads every row past the per-query result cap by querying again from the last edit time', async () => {
    const { fake, ops, dataSourceId } = await setup(5);
    try {
      const rows = [];
      for (let i = 0; i < 12; i++) {
        rows.push(await fake.createRowAs(fake.owner.id, dataSourceId, { Name: { title: text(`r${i}`) } }));
        if (i % 2 === 1) fake.clock.advance(60_000);
      }
      // A bulk edit: every row now has the same edit minute, more of them than one query returns.
      for (const r of rows) await fake.editPageAs(fake.owner.id, r.id, { Name: { title: text('bulk') } });
      const { pages } = await ops.query(dataSourceId, undefined);
      expect(new Set(pages.map((p) => p.id)).size).toBe(12);
      const since = {
        timestamp: 'last_edited_time',
        last_edited_time: { on_or_after: '2000-01-01T00:00:00.000Z' },
      };
      expect((await ops.query(dataSourceId, { and: [since] })).pages).toHaveLength(12);
    } finally {
      await fake.close();
    }
  });

  it('finds rows by Perfloop id, 100 values a query', async () => {
    const { fake, ops, dataSourceId } = await setup(10_000);
    try {
      for (let i = 0; i < 150; i++) {
        await fake.createRowAs(fake.owner.id, dataSourceId, {
          'Perfloop id': { rich_text: text(`gol_${i}`) },
        });
      }
      fake.resetCalls();
      const found = await ops.findByText(
        dataSourceId,
        'Perfloop id',
        Array.from({ length: 150 }, (_, i) => `gol_${i}`),
      );
      expect(found).toHaveLength(150);
      expect(fake.count({ route: 'POST /v1/data_sources/{id}/query' })).toBe(2);
    } finally {
      await fake.close();
    }
  });

  it('writes a comment once when its answer is lost (looks before retrying)', async () => {
    const { fake, ops, dataSourceId } = await setup(10_000);
    try {
      const page = await fake.createRowAs(fake.owner.id, dataSourceId, { Name: { title: text('x') } });
      fake.faults.inject({
        method: 'POST',
        path: /^\/v1\/comments$/,
        fault: { kind: 'slow', delayMs: 1500 },
      });
      await ops.comment(page.id, 'Perfloop sync: kept once');
      expect(fake.workspace.comments.filter((c) => c.pageId === page.id)).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});

describe('packGroups', () => {
  const group = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`);

  it('fills calls up to 100 blocks without splitting a group, in order', () => {
    const groups = [group(3, 'a'), ...Array.from({ length: 49 }, (_, i) => group(2, `n${i}.`))];
    const calls = packGroups(groups);
    expect(calls.map((c) => c.length)).toEqual([99, 2]);
    expect(calls.flat()).toEqual(groups.flat());
    expect(calls[1]).toEqual(['n48.0', 'n48.1']);
  });

  it('refuses a group that could never go in one call', () => {
    expect(() => packGroups([group(101, 'x')])).toThrow(/101 blocks/);
    expect(packGroups([])).toEqual([]);
  });
});
