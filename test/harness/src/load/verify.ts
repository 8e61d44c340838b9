// After the load: every acknowledged write is in Perfloop exactly once, and Notion holds one page per goal with the goal's
// final values and each check-in's notes once (nothing lost, nothing duplicated, each change applied once).
import type { FakeNotion } from '@perfloop/fakes';
import { type Json, ok, send, type Target } from '../world/client.ts';
import type { LoadLedger } from './traffic.ts';
import { pagePerfloopId } from './traffic.ts';
import { type LoadWorld, listAll } from './world.ts';

type Page = Record<string, unknown>;

/** A property of a page object in plain form (title and text joined, select names, numbers). */
function plain(page: Page, property: string): unknown {
  const p = (page.properties as Record<string, Record<string, unknown>>)[property];
  if (!p) return undefined;
  const v = p[p.type as string];
  if (p.type === 'title' || p.type === 'rich_text')
    return (v as { plain_text: string }[]).map((t) => t.plain_text).join('');
  if (p.type === 'select' || p.type === 'status') return (v as { name: string } | null)?.name ?? null;
  return v;
}

/** Every page of the worker's database, trashed ones too, rendered as the API shows them. */
function goalPages(fake: FakeNotion): { page: Page; trashed: boolean }[] {
  return [...fake.workspace.pages.values()]
    .filter((p) => p.parent.type === 'data_source_id')
    .map((p) => ({ page: fake.workspace.renderPage(p), trashed: p.inTrash }));
}

/** Check-in ids marked in a page's heading blocks (`ref chk_…`), with repeats. */
function markers(fake: FakeNotion, pageId: string): string[] {
  const out: string[] = [];
  for (const id of fake.workspace.children.get(pageId) ?? []) {
    const b = fake.workspace.blocks.get(id);
    if (b?.type !== 'heading_3') continue;
    const text = ((b.content.rich_text as { plain_text: string }[] | undefined) ?? [])
      .map((t) => t.plain_text)
      .join('');
    const m = /ref ([\w.:@-]+)/.exec(text);
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}

export interface NotionCheck {
  goals: number;
  pages: number;
  /** Mismatches; empty when Notion and Perfloop agree. */
  problems: string[];
}

/**
 * Notion against Perfloop: exactly one page (trash included) per goal of the cycle and no other page; each page
 * holds the goal's name, actual, status and notes; no check-in's notes twice on a page.
 */
export async function compareNotion(api: Target, world: LoadWorld, fake: FakeNotion): Promise<NotionCheck> {
  const problems: string[] = [];
  const goals = await listAll(api, `/v1/goals?cycleId=${world.cycleId}`, world.hr);
  const pages = goalPages(fake);
  const byGoal = new Map<string, Page[]>();
  for (const { page } of pages) {
    const id = pagePerfloopId(page) ?? '';
    byGoal.set(id, [...(byGoal.get(id) ?? []), page]);
  }
  const known = new Set(goals.map((g) => String(g.id)));
  for (const [id, list] of byGoal)
    if (!known.has(id)) problems.push(`${list.length} page(s) for ${id || 'no goal'}`);
  for (const g of goals) {
    const id = String(g.id);
    const list = byGoal.get(id) ?? [];
    if (list.length !== 1) {
      problems.push(`${id}: ${list.length} pages`);
      continue;
    }
    const page = list[0] as Page;
    if (pages.find((p) => p.page === page)?.trashed) problems.push(`${id}: its page is in the trash`);
    const status = String(g.status).charAt(0).toUpperCase() + String(g.status).slice(1);
    const pairs: [string, unknown, unknown][] = [
      ['Name', g.title, plain(page, 'Name')],
      ['Actual', g.actual ?? null, plain(page, 'Actual') ?? null],
      ['Status', status, plain(page, 'Status')],
      ['Notes', g.description, plain(page, 'Notes')],
    ];
    for (const [name, perfloop, notion] of pairs)
      if (perfloop !== notion)
        problems.push(
          `${id} ${name}: Perfloop ${JSON.stringify(perfloop)} ≠ Notion ${JSON.stringify(notion)}`,
        );
    const seen = markers(fake, String(page.id));
    if (new Set(seen).size !== seen.length) problems.push(`${id}: a check-in's notes twice on its page`);
  }
  return { goals: goals.length, pages: pages.length, problems };
}

export interface WriteCheck {
  /** Acknowledged writes read back. */
  checked: number;
  lost: string[];
}

/** Audit entries of goal updates by the sync worker's API key (not by people): goal id → how many changed actual. */
interface GoalAudit {
  /** Per goal: how many times the sync worker (an API key) changed its actual. */
  byWorker: Map<string, number>;
  /** Per goal: its audit entries, summarised as `action by actor (changed fields)`, in order. */
  history: Map<string, string[]>;
}

async function goalAudit(api: Target, hr: string): Promise<GoalAudit> {
  const byWorker = new Map<string, number>();
  const history = new Map<string, string[]>();
  let cursor: string | null = null;
  do {
    const page: Json = await ok(api, 'GET', `/v1/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`, {
      token: hr,
    });
    for (const e of page.items as Json[]) {
      const id = String(e.resourceId);
      const changed = (e.data as { changed?: Record<string, unknown> } | null)?.changed;
      if (e.action === 'goal.update' && String(e.actor).startsWith('api_key:') && changed?.actual)
        byWorker.set(id, (byWorker.get(id) ?? 0) + 1);
      if (typeof e.action === 'string' && e.action.startsWith('goal.')) {
        const line = `${e.action} by ${String(e.actor)} (${Object.keys(changed ?? {}).join(', ')})`;
        history.set(id, [...(history.get(id) ?? []), line]);
      }
    }
    cursor = typeof page.nextCursor === 'string' ? page.nextCursor : null;
  } while (cursor);
  return { byWorker, history };
}

/** The entries of a goal's history other than its owner's progress updates: what else wrote to it. */
function otherWrites(history: readonly string[] | undefined, ownerId: string | undefined): string {
  const other = (history ?? []).filter((line) => line !== `goal.update by ${ownerId} (actual)`);
  return other.length === 0 ? 'nothing else in the audit log' : other.slice(-5).join('; ');
}

/**
 * Perfloop after the load: each acknowledged check-in and goal there once (one record per Idempotency-Key); each
 * API goal at exactly its start version plus the PATCHes acknowledged (each applied once, none by anyone else) with
 * the last acknowledged actual; each Notion-edited goal at the last value set in Notion, applied by the worker at
 * most once per edit; the audit chain verifies.
 */
export async function checkWrites(api: Target, world: LoadWorld, ledger: LoadLedger): Promise<WriteCheck> {
  const lost: string[] = [];
  let checked = 0;
  const hr = world.hr;
  const checkIns = await listAll(api, `/v1/check-ins?cycleId=${world.cycleId}`, hr);
  const checkInsByKey = new Map<string, Json[]>();
  for (const c of checkIns) {
    const key = /^Load note (\S+)\.$/.exec(String(c.notes))?.[1];
    if (key) checkInsByKey.set(key, [...(checkInsByKey.get(key) ?? []), c]);
  }
  for (const c of ledger.checkIns) {
    checked += 1;
    const found = checkInsByKey.get(c.key) ?? [];
    if (found.length !== 1 || found[0]?.id !== c.id || found[0]?.subjectId !== c.subjectId)
      lost.push(`check-in ${c.id} (${c.key}): ${found.length} found`);
  }
  const goals = await listAll(api, `/v1/goals?cycleId=${world.cycleId}`, hr);
  const goalsByKey = new Map<string, Json[]>();
  for (const g of goals) {
    const key = /^Load goal (\S+)$/.exec(String(g.title))?.[1];
    if (key) goalsByKey.set(key, [...(goalsByKey.get(key) ?? []), g]);
  }
  for (const c of ledger.created) {
    checked += 1;
    const found = goalsByKey.get(c.key) ?? [];
    if (found.length !== 1 || found[0]?.id !== c.id || found[0]?.ownerId !== c.ownerId)
      lost.push(`goal ${c.id} (${c.key}): ${found.length} found`);
  }
  const byId = new Map(goals.map((g) => [String(g.id), g]));
  const { byWorker, history } = await goalAudit(api, hr);
  for (const [id, w] of ledger.goals) {
    checked += 1;
    const g = byId.get(id);
    const expected = w.startVersion + w.acked;
    if (!g) lost.push(`goal ${id}: gone`);
    else if (Number(g.version) !== expected)
      lost.push(
        `goal ${id}: version ${String(g.version)}, expected ${expected} (${w.acked} PATCHes acknowledged; other writes: ${otherWrites(history.get(id), String(g.ownerId))})`,
      );
    else if (w.acked > 0 && g.actual !== w.actual)
      lost.push(`goal ${id}: actual ${String(g.actual)} ≠ last acknowledged ${String(w.actual)}`);
  }
  for (const id of ledger.goals.keys())
    if (byWorker.has(id))
      lost.push(`goal ${id}: the sync worker changed its actual ${byWorker.get(id)} time(s)`);
  for (const [id, edits] of ledger.notionEdits) {
    checked += 1;
    const g = byId.get(id);
    const applied = byWorker.get(id) ?? 0;
    if (g?.actual !== edits.at(-1))
      lost.push(`goal ${id}: actual ${String(g?.actual)} ≠ last Notion edit ${String(edits.at(-1))}`);
    if (applied < 1 || applied > edits.length)
      lost.push(`goal ${id}: ${edits.length} Notion edit(s) applied ${applied} time(s)`);
  }
  const verify = await send(api, 'GET', '/v1/audit/verify', { token: hr });
  if (verify.status !== 200 || (verify.body as Json).ok !== true)
    lost.push(`GET /v1/audit/verify: ${verify.text.slice(0, 300)}`);
  return { checked, lost };
}

/**
 * Every acknowledged check-in's notes on each page of its subject's goals that existed before the load (once:
 * compareNotion finds repeats). Goals created during the load may or may not carry earlier notes.
 */
export function checkNotes(world: LoadWorld, ledger: LoadLedger, fake: FakeNotion): string[] {
  const missing: string[] = [];
  const pageOf = new Map<string, string>();
  for (const { page, trashed } of goalPages(fake))
    if (!trashed) pageOf.set(pagePerfloopId(page) ?? '', String(page.id));
  const markersOf = new Map<string, Set<string>>();
  for (const c of ledger.checkIns) {
    for (const goalId of world.goalsByOwner.get(c.subjectId) ?? []) {
      const pageId = pageOf.get(goalId);
      if (!pageId) {
        missing.push(`goal ${goalId}: no page`);
        continue;
      }
      const seen = markersOf.get(pageId) ?? new Set(markers(fake, pageId));
      markersOf.set(pageId, seen);
      if (!seen.has(c.id)) missing.push(`check-in ${c.id}: not on the page of ${goalId}`);
    }
  }
  return missing;
}
