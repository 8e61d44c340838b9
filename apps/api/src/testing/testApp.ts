// Test helper: env, captured logger and an app wired with an in-memory directory and test routes.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import { type AppDeps, createApp } from '../app.ts';
import type { AppEnv } from '../context.ts';
import { type Env, loadEnv } from '../env.ts';
import { createLogger } from '../logger.ts';
import { createMemoryDirectory, type MemoryDirectory } from './memoryDirectory.ts';
import { testRoutes } from './testRoutes.ts';

export const ORG_ID = 'org-acme';
export const ALICE = { orgId: ORG_ID, personId: 'p-alice', roles: ['employee'], email: 'alice@acme.test' };

export function testEnv(overrides: Record<string, string> = {}): Env {
  return loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });
}

export interface CapturedLog {
  logger: Logger;
  /** Every line written so far, raw. */
  text(): string;
  entries(): Record<string, unknown>[];
}

export function captureLogger(): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger('trace', { write: (line: string) => void lines.push(line) });
  return {
    logger,
    text: () => lines.join(''),
    entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export interface TestApp {
  app: OpenAPIHono<AppEnv>;
  directory: MemoryDirectory;
  log: CapturedLog;
}

export function createTestApp(overrides: Partial<AppDeps> & { env?: Env } = {}): TestApp {
  const directory = createMemoryDirectory();
  directory.addPerson(ALICE);
  const log = captureLogger();
  const app = createApp({
    env: testEnv(),
    directory,
    ready: async () => true,
    logger: log.logger,
    routes: testRoutes(),
    ...overrides,
  });
  return { app, directory, log };
}

export const devAuth = (email = ALICE.email) => ({ Authorization: `Bearer dev:${email}` });
