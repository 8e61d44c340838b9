// One sync round under the organisation's lease: bootstrap once, then pull (Notion → Perfloop) and push (Perfloop → Notion).
import type { Logger } from '../log.ts';
import type { NotionOps } from '../notion/ops.ts';
import type { PerfloopApi } from '../perfloop/api.ts';
import { bootstrap } from './bootstrap.ts';
import {
  emptyReport,
  type RoundReport,
  type SyncContext,
  type SyncOptions,
  type Workspace,
} from './context.ts';
import { LeaseKeeper } from './lease.ts';
import { pull } from './pull.ts';
import { push } from './push.ts';
import { StateConflictError, SyncState } from './state.ts';

/** Workspace members are listed again at most this often (new people in Notion show up as owners). */
const PEOPLE_REFRESH_MS = 60 * 60 * 1000;

export interface EngineDeps {
  notion: NotionOps;
  api: PerfloopApi;
  options: SyncOptions;
  log: Logger;
  workerId: string;
  leaseSeconds: number;
}

export class SyncEngine {
  readonly state: SyncState;
  readonly lease: LeaseKeeper;
  private workspace: Workspace | null = null;
  private loaded = false;

  constructor(private readonly deps: EngineDeps) {
    this.state = new SyncState(deps.api);
    this.lease = new LeaseKeeper(deps.api, deps.workerId, deps.leaseSeconds);
    // No Notion write leaves after the lease ran out, however long it queued behind the limiter.
    deps.notion.writeGuard = () => this.lease.ensure();
  }

  /** The Notion workspace as bootstrapped (null before the first round). */
  get notionWorkspace(): Workspace | null {
    return this.workspace;
  }

  /** One round; null when another worker holds the lease (it syncs instead). */
  async round(): Promise<RoundReport | null> {
    const got = await this.lease.acquire();
    if (got === null) return null;
    // A new lease token: another worker may have synced meanwhile, so the cached state is stale.
    if (got === 'acquired' || !this.loaded) {
      await this.state.load();
      this.loaded = true;
    }
    const { notion, api, options, log } = this.deps;
    const report = emptyReport();
    try {
      const directory = await api.directory();
      const deps = { notion, state: this.state, lease: this.lease, options, log };
      if (this.workspace === null) this.workspace = await bootstrap(deps, directory);
      else if (Date.now() - this.workspace.peopleLoadedAt > PEOPLE_REFRESH_MS) {
        this.workspace.people = await notion.peopleByEmail();
        this.workspace.peopleLoadedAt = Date.now();
      }
      const ctx: SyncContext = {
        notion,
        api,
        state: this.state,
        lease: this.lease,
        options,
        log,
        workspace: this.workspace,
        directory,
        report,
        unsettled: new Set(),
        recheckAdded: new Set(),
        personPages: new Set(),
      };
      await pull(ctx);
      await push(ctx);
      return report;
    } catch (error) {
      this.state.discard();
      if (error instanceof StateConflictError) this.loaded = false;
      throw error;
    }
  }

  /** Lets the lease go (on shutdown), so another worker takes over at once. */
  async stop(): Promise<void> {
    await this.lease.release();
  }
}
