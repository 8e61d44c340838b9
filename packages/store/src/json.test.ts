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

  it('writes exactly what JSON.stringify of the sorted value gives', () => {
    // The previous two-pass implementation: normalise through JSON, then write with sorted keys.
    const sorted = (v: unknown): string => {
      if (Array.isArray(v)) return `[${v.map(sorted).join(',')}]`;
      if (typeof v !== 'object' || v === null) return JSON.stringify(v);
      const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${sorted(x)}`).join(',')}}`;
    };
    const reference = (value: unknown): string => sorted(JSON.parse(JSON.stringify(value) ?? 'null'));
    const samples: unknown[] = [
      { é: 1, e: 2, E: 3, '10': 'a', '9': 'b', '': null, 'a"b': 'q"\\\n\u2028' },
      [undefined, () => 1, Symbol('s'), Number.NaN, -0, 1e21, 1.5e-7, Number.POSITIVE_INFINITY],
      { f: () => 1, s: Symbol('x'), u: undefined, d: new Date(0), n: new Number(2), b: new Boolean(false) },
      { nested: { toJSON: (key: string) => ({ key, z: 1, a: 2 }) }, m: new Map([[1, 2]]) },
      // biome-ignore lint/suspicious/noSparseArray: a hole is part of the sample
      [1, , 3],
      'plain',
      42,
      true,
      null,
    ];
    for (const sample of samples) expect(canonicalJson(sample)).toBe(reference(sample));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
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
