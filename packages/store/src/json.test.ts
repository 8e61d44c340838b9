// Unit tests for canonical JSON and the audit hash (the parts of the chain that must never drift).
import { describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH, sha256Hex } from './audit-hash.ts';
import { canonicalJson, toInt } from './json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined like JSON does', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"z":1}]},"b":1}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(new Date('2030-01-01T00:00:00.000Z'))).toBe('"2030-01-01T00:00:00.000Z"');
  });

  it('is stable under key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2] })).toBe(canonicalJson({ y: [1, 2], x: 1 }));
  });
});

describe('auditHash', () => {
  it('is sha256(prev + canonical content)', () => {
    const content = {
      orgId: 'o',
      seq: 1,
      at: '2030-01-01T00:00:00.000Z',
      actor: 'u',
      action: 'a',
      resourceKind: null,
      resourceId: null,
      data: { b: 2, a: 1 },
    };
    const canonical =
      '{"action":"a","actor":"u","at":"2030-01-01T00:00:00.000Z","data":{"a":1,"b":2},"orgId":"o","resourceId":null,"resourceKind":null,"seq":1}';
    expect(auditHash(GENESIS_HASH, content)).toBe(sha256Hex(GENESIS_HASH + canonical));
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });
});

describe('toInt', () => {
  it('reads PostgreSQL bigint strings', () => {
    expect(toInt('42')).toBe(42);
    expect(() => toInt('9007199254740993')).toThrow();
  });
});
