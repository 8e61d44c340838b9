// Who may use /v1/integrations/{integration}: only an API key whose scope serves that integration; the storage ids of its state and leases.
import type { Access } from '../../authz/index.ts';
import { grantsOf, INTEGRATIONS, type ScopeGrant } from '../../authz/index.ts';
import { Forbidden, NotFound } from '../../errors.ts';

/** The resource kind holding integration state entries and leases (one table, told apart by `parentId`). */
export const STATE_KIND = 'integration_states' as const;

/** The scope grants of the caller for `integration`: 404 for an unknown integration, 403 for people and other keys. */
export function requireIntegration(access: Access, integration: string): ScopeGrant[] {
  if (!INTEGRATIONS.has(integration)) throw new NotFound(`There is no integration named ${integration}.`);
  if (access.principal.kind !== 'service') {
    throw new Forbidden(`Only the ${integration} integration's API key may use its sync state.`);
  }
  const grants = grantsOf(access.principal.scopes).filter((g) => g.integration === integration);
  if (grants.length === 0)
    throw new Forbidden(`This API key has no scope for the ${integration} integration.`);
  return grants;
}

/** Store ids: `state:<integration>:<key>` (parent `state:<integration>`), `lease:<integration>:<name>`. */
export const stateParent = (integration: string) => `state:${integration}`;
export const stateId = (integration: string, key: string) => `${stateParent(integration)}:${key}`;
export const leaseParent = (integration: string) => `lease:${integration}`;
export const leaseId = (integration: string, name: string) => `${leaseParent(integration)}:${name}`;
