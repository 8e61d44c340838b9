// Service (API key) scopes: what each lets an integration read and write.
import type { ResourceKind } from '@perfloop/store';

export interface ScopeGrant {
  description: string;
  /** Resource kinds the scope may read (lists, gets and their change-feed events). */
  read: readonly ResourceKind[];
  /** Fields the scope may write, per kind. */
  write: Partial<Record<ResourceKind, readonly string[]>>;
  /** May read GET /v1/changes (filtered to `read`). */
  feed: boolean;
  /** The integration whose sync state, leases and directory it uses (`/v1/integrations/{integration}/…`). */
  integration?: string;
  /** Kinds it may create through its integration's routes (goals proposed from Notion while the cycle is in plan). */
  create?: readonly ResourceKind[];
}

export const SERVICE_SCOPES = {
  'sync:notion': {
    description:
      'Notion sync worker: reads goals, check-ins and the change feed; writes goal actual, status and notes (the goal description) and progress-note check-ins for a goal owner; keeps its sync state and leases and reads the directory under /v1/integrations/notion; proposes person goals for a person who may set them while the cycle is in plan.',
    read: ['goals', 'check_ins'],
    write: { goals: ['actual', 'status', 'description'], check_ins: ['notes', 'goalUpdates'] },
    feed: true,
    integration: 'notion',
    create: ['goals'],
  },
  'addon:sheets': {
    description:
      "Google Sheets add-on: grants nothing by itself. Every call must carry the signed-in user's Google ID token (X-Perfloop-User-Token) and acts as that user, with exactly their role permissions.",
    read: [],
    write: {},
    feed: false,
  },
} as const satisfies Record<string, ScopeGrant>;

export type ServiceScope = keyof typeof SERVICE_SCOPES;
export const SERVICE_SCOPE_NAMES = Object.keys(SERVICE_SCOPES) as [ServiceScope, ...ServiceScope[]];

export function isServiceScope(value: string): value is ServiceScope {
  return Object.hasOwn(SERVICE_SCOPES, value);
}

/** Integrations some scope serves (the `{integration}` of `/v1/integrations/{integration}/…`). */
export const INTEGRATIONS: ReadonlySet<string> = new Set(
  Object.values(SERVICE_SCOPES as Record<string, ScopeGrant>).flatMap((g) =>
    g.integration === undefined ? [] : [g.integration],
  ),
);

/** The grants of a principal's scopes (unknown scope names grant nothing). */
export function grantsOf(scopes: readonly string[]): ScopeGrant[] {
  return scopes.filter(isServiceScope).map((s) => SERVICE_SCOPES[s]);
}
