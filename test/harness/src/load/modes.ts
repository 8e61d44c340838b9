// The load's two modes: short (in `pnpm test`) and long (`--long`, issue 7's 60 s); LOAD_* settings override.
import type { HarnessEnv } from '../env.ts';
import type { LoadRunOptions } from './run.ts';

export const SHORT_SECONDS = 12;
export const LONG_SECONDS = 60;
export const DEFAULT_CLIENTS = 8;
/** Fixed in `pnpm test` so that a failure reproduces the same choices. */
export const SHORT_SEED = 20_260_701;

/** The run's settings: short mode one SIGTERM hand-over; long mode a SIGTERM and later a SIGKILL hand-over. */
export function loadMode(env: HarnessEnv, long: boolean, randomSeed: () => number): LoadRunOptions {
  return {
    seconds: env.LOAD_SECONDS ?? (long ? LONG_SECONDS : SHORT_SECONDS),
    clients: env.LOAD_CLIENTS ?? DEFAULT_CLIENTS,
    seed: env.LOAD_SEED ?? (long ? randomSeed() : SHORT_SEED),
    handOvers: long ? ['stop', 'kill'] : ['stop'],
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
  };
}
