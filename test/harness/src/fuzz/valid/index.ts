// The valid-input generators by operation (`METHOD /path` as in /openapi.json). To cover a new write operation,
// add an entry to one of the area tables (or a new one listed here); operations without one keep the recorded
// requests and the schema-generated bodies.
import { appraiseGenerators } from './appraise.ts';
import { closeGenerators } from './close.ts';
import type { ValidGenerator } from './context.ts';
import { cycleGenerators } from './cycles.ts';
import { integrationGenerators } from './integrations.ts';
import { organisationGenerators } from './organisation.ts';
import { targetGenerators } from './targets.ts';

export const VALID_GENERATORS: Readonly<Record<string, ValidGenerator>> = {
  ...organisationGenerators,
  ...cycleGenerators,
  ...appraiseGenerators,
  ...closeGenerators,
  ...integrationGenerators,
  ...targetGenerators,
};

export {
  type GenContext,
  genContext,
  type SetupApi,
  setupApi,
  type ValidGenerator,
  type ValidInput,
} from './context.ts';
export { type Facts, factsInFile, factsInStore } from './facts.ts';
