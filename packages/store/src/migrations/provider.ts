// In-code migration provider: every migration, keyed by its numbered name (run in name order).
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial.ts';
import * as additions from './0002_kinds_versions_email_expiry.ts';
import * as goalsByOwner from './0003_goals_by_owner_and_cycle.ts';
import * as integrationStates from './0004_integration_states.ts';
import * as identityUnlinks from './0005_identity_unlinks.ts';
import * as targetAdjustments from './0006_target_adjustments.ts';
import * as goalCorrections from './0007_goal_corrections.ts';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_kinds_versions_email_expiry': additions,
  '0003_goals_by_owner_and_cycle': goalsByOwner,
  '0004_integration_states': integrationStates,
  '0005_identity_unlinks': identityUnlinks,
  '0006_target_adjustments': targetAdjustments,
  '0007_goal_corrections': goalCorrections,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
