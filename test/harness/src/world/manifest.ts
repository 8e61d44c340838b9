// What a built world holds: its organisations, who can call as whom, and every id by kind.

/** The Entra tenant and object ids the world links (tokens are signed at run time with a fresh key). */
export const ENTRA = {
  tenantId: 'aaaaaaaa-0000-4000-8000-0000000000f1',
  foreignTenantId: 'cccccccc-0000-4000-8000-0000000000f3',
  clientId: '11111111-2222-4333-8444-5555555555f5',
  appIdUri: 'api://teams.perfloop.test/11111111-2222-4333-8444-5555555555f5',
  avaOid: 'dddddddd-0000-4000-8000-0000000000a1',
  hrOid: 'dddddddd-0000-4000-8000-0000000000b2',
} as const;

export interface Caller {
  label: string;
  org: 'acme' | 'globex';
  role: 'hr' | 'head' | 'manager' | 'employee' | 'service';
  /** The bearer token: `dev:<email>` or an API key; empty for Entra callers (signed at run time). */
  token: string;
  /** Entra object id (the token is signed at run time). */
  entra?: string;
  personId?: string;
}

export interface OrgFacts {
  slug: 'acme' | 'globex';
  id: string;
  callers: Caller[];
  revokedKey: string;
  expiredKey: string;
  /** Ids by kind (`people`, `goals`, …, `api_keys`, `organisations`). */
  ids: Record<string, string[]>;
}

/** A request the world's seed made and the API accepted: the fuzzer's source of realistic valid requests. */
export interface RecordedCall {
  /** The template whose state it was made on (the snapshot taken at the start of its phase window). */
  template: string;
  method: string;
  /** Path with its query string. */
  url: string;
  /** The bearer token used. */
  token: string;
  /** The JSON body sent, if any. */
  body?: unknown;
}

/** One seeded database: the organisations, who may call, every id. */
export interface WorldManifest {
  acme: OrgFacts;
  globex: OrgFacts;
}

/** The template databases built for a run and the accepted requests recorded while building them. */
export interface Worlds {
  /** Template id (`final`, or `at-<n>`: the seed's state before the first write of a shape in a phase) → its facts. */
  templates: Map<string, { file: string; manifest: WorldManifest }>;
  examples: RecordedCall[];
}

export const FINAL_TEMPLATE = 'final';
