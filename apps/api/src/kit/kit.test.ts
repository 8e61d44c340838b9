// Kit helpers: ids, ETags and If-Match parsing, in-memory pagination and audit summaries.
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { etag, parseIfMatch } from './etag.ts';
import { newId } from './ids.ts';
import { paginate } from './pagination.ts';
import { actionName, diff, summarise } from './summary.ts';

describe('ids', () => {
  it('are <prefix>_<16 base36 chars> and unique', () => {
    const ids = Array.from({ length: 1000 }, () => newId('per'));
    expect(ids.every((id) => /^per_[0-9a-z]{16}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(1000);
  });
});

describe('etag and If-Match', () => {
  it('formats strong ETags', () => {
    expect(etag({ version: 7 })).toBe('"7"');
  });

  it.each([
    [undefined, { kind: 'missing' }],
    ['  ', { kind: 'missing' }],
    ['*', { kind: 'any' }],
    ['"3"', { kind: 'versions', versions: [3] }],
    ['"3", "4"', { kind: 'versions', versions: [3, 4] }],
    ['W/"3"', { kind: 'versions', versions: [] }],
    ['3', { kind: 'invalid' }],
    ['"abc"', { kind: 'invalid' }],
  ])('parses %j', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });
});

describe('paginate', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  it('pages by key with a cursor', () => {
    expect(paginate(items, (x) => x, { limit: 2 })).toEqual({
      items: ['a', 'b'],
      nextCursor: encodeCursor('b'),
    });
    expect(paginate(items, (x) => x, { limit: 2, cursor: 'b' })).toEqual({
      items: ['c', 'd'],
      nextCursor: encodeCursor('d'),
    });
    expect(paginate(items, (x) => x, { limit: 2, cursor: 'd' })).toEqual({ items: ['e'], nextCursor: null });
    expect(paginate(items, (x) => x, { limit: 5 })).toEqual({ items, nextCursor: null });
  });

  it('resumes after a cursor that is no longer in the list', () => {
    expect(paginate(['a', 'c', 'e'], (x) => x, { limit: 5, cursor: 'b' }).items).toEqual(['c', 'e']);
  });
});

describe('page cursors', () => {
  it('round-trip the key and take nothing else', () => {
    for (const key of ['per_00mxclu8pke4blev', 'cyc_a.gol_b.skill', 'cmp.cyc_x.per_y', 'a']) {
      const cursor = encodeCursor(key);
      expect(cursor).not.toContain(key);
      expect(decodeCursor(cursor)).toBe(key);
    }
    const good = encodeCursor('per_00mxclu8pke4blev');
    const [body = '', tail = ''] = good.split('.');
    for (const bad of [
      '',
      'per_00mxclu8pke4blev',
      good.slice(0, -1),
      `${body}.${tail.slice(0, -1)}${tail.endsWith('A') ? 'B' : 'A'}`,
      `${body}x.${tail}`,
      `${good}.x`,
      // A check computed for a key outside the id alphabet is still refused.
      encodeCursor('per\u0000x'),
      encodeCursor('a b'),
    ]) {
      expect(decodeCursor(bad), bad).toBeUndefined();
    }
  });
});

describe('audit summaries', () => {
  it('diffs top-level fields and never includes secret-looking fields', () => {
    expect(diff({ name: 'A', roles: ['x'], hash: 'h1' }, { name: 'B', roles: ['x'], hash: 'h2' })).toEqual({
      name: { from: 'A', to: 'B' },
    });
    expect(summarise('create', null, { name: 'A', secret: 's' })).toEqual({ created: { name: 'A' } });
    expect(summarise('delete', { name: 'Sales' }, null)).toEqual({ deleted: { name: 'Sales' } });
  });

  it('names actions after the singular kind', () => {
    expect(actionName('people', 'create')).toBe('person.create');
    expect(actionName('policies', 'update')).toBe('policy.update');
    expect(actionName('check_ins', 'delete')).toBe('check_in.delete');
    expect(actionName('departments', 'update')).toBe('department.update');
  });
});
