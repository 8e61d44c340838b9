// Roles-matrix fixture for organisation-wide routes: a cycle and a policy per organisation (distinct ids), fresh cycles per case.
import type { Phase } from '@perfloop/core';
import { freshId } from '../../routes/appraise/matrixFixture.ts';
import { seedCycle } from '../../routes/appraise/testAppraisal.ts';
import type { ApiHarness, Fixture } from '../../testing/apiHarness.ts';

/** A `plan` cycle in each organisation, under ids the other organisation does not have. */
export const ORG_CYCLE = { acme: 'cyc_orgm_acme', globex: 'cyc_orgm_globex' } as const;
/** The policy seedCycle stores beside each of them. */
export const ORG_POLICY = { acme: `pol_${ORG_CYCLE.acme}`, globex: `pol_${ORG_CYCLE.globex}` } as const;
/** A Globex cycle in `apply` (results and compensation routes name it as another organisation's cycle). */
export const GLOBEX_APPLY_CYCLE = 'cyc_orgm_globex_apply';

const seeded = new WeakMap<ApiHarness, Promise<void>>();

/** Seeds the cycles and policies once per harness (safe to call from every operation's init). */
export function seedOrganisationMatrix(h: ApiHarness, f: Fixture): Promise<void> {
  let p = seeded.get(h);
  if (!p) {
    p = (async () => {
      const acme = (['hal', 'cat', 'hana', 'sam', 'erin', 'mo', 'pia', 'paul'] as const).map((n) => f.id[n]);
      await seedCycle(h, f.acme.organisation.id, ORG_CYCLE.acme, 'plan', acme);
      const globex = [f.id.gwen, f.id.gus];
      await seedCycle(h, f.globex.organisation.id, ORG_CYCLE.globex, 'plan', globex);
      await seedCycle(h, f.globex.organisation.id, GLOBEX_APPLY_CYCLE, 'apply', globex);
    })();
    seeded.set(h, p);
  }
  return p;
}

/** A new cycle (no participants unless given) in `phase`, for a case that may move, apply or change it; its id. */
export async function freshCycle(
  h: ApiHarness,
  orgId: string,
  phase: Phase,
  participants: readonly string[] = [],
): Promise<string> {
  const id = freshId('cyc');
  await seedCycle(h, orgId, id, phase, participants);
  return id;
}
