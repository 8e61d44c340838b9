// Who is calling: the Principal variants the auth middleware puts on the request context.
/**
 * A person: signed in through Teams (Entra), Google (the Sheets add-on's user token) or demo mode, or
 * vouched for by an integration (`integration`: the person who made a change in the integrated tool,
 * matched there by e-mail; only inside an AddonPrincipal, never as a caller of its own).
 */
export interface UserPrincipal {
  kind: 'user';
  orgId: string;
  personId: string;
  roles: readonly string[];
  via: 'entra' | 'google' | 'dev' | 'integration';
}

/** An integration (e.g. the Notion worker) holding an API key. */
export interface ServicePrincipal {
  kind: 'service';
  orgId: string;
  apiKeyId: string;
  scopes: readonly string[];
  via: 'api_key';
}

/**
 * An integration acting for a person: the Sheets add-on (its `addon:sheets` API key plus the user's
 * Google ID token), or a sync worker's key proposing what a person did in the integrated tool (see
 * POST /v1/integrations/{integration}/goals). It has exactly the person's permissions; the audit
 * records both (`<person id>@api_key:<key id>`).
 */
export interface AddonPrincipal {
  kind: 'addon';
  via: 'api_key';
  /** The integration's key. */
  apiKeyId: string;
  user: UserPrincipal;
}

export type Principal = UserPrincipal | ServicePrincipal | AddonPrincipal;

/** The person a request acts for: the user, or the user an add-on call carries; null for services. */
export function actingUser(principal: Principal): UserPrincipal | null {
  if (principal.kind === 'user') return principal;
  if (principal.kind === 'addon') return principal.user;
  return null;
}

/** The organisation (tenant) every record touched by this request must belong to. */
export function principalOrgId(principal: Principal): string {
  return principal.kind === 'addon' ? principal.user.orgId : principal.orgId;
}

/** Ids only, for logs: no emails, no tokens. */
export function principalLogFields(principal: Principal): Record<string, string> {
  switch (principal.kind) {
    case 'user':
      return { kind: 'user', via: principal.via, orgId: principal.orgId, personId: principal.personId };
    case 'service':
      return { kind: 'service', via: principal.via, orgId: principal.orgId, apiKeyId: principal.apiKeyId };
    case 'addon':
      return {
        kind: 'addon',
        via: principal.via,
        orgId: principal.user.orgId,
        personId: principal.user.personId,
        apiKeyId: principal.apiKeyId,
      };
  }
}
