// Helpers shared by the conformance suites: unique ids, a fresh organisation, typed-failure assertions.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { StoreError } from './errors.ts';
import type { Store } from './store.ts';
import type { ResourceRecord } from './types.ts';

export const uid = (): string => randomUUID().replaceAll('-', '').slice(0, 16);

export async function newOrg(store: Store): Promise<string> {
  const id = `org_${uid()}`;
  await store.organisations.create({ id, name: `Org ${id}`, slug: id.replaceAll('_', '-') });
  return id;
}

export async function expectStoreError(promise: Promise<unknown>, code: StoreError['code']): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect(error instanceof StoreError ? error.code : undefined).toBe(code);
}

export function unwrapRecord(result: { ok: boolean; record?: ResourceRecord }): ResourceRecord {
  if (result.record === undefined) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.record;
}
