// Tests of recuse: 403 with core's code and the subject's field when the caller decides about themselves.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { recuse } from './recusal.ts';

describe('recuse', () => {
  it('throws 403 own_rating naming the field when the caller is the subject', () => {
    let thrown: unknown;
    try {
      recuse({ personId: 'per_a' }, 'calibrate', 'per_a', { path: 'personId', location: 'body' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    const e = thrown as ApiError;
    expect([e.status, e.code]).toEqual([403, 'own_rating']);
    expect(e.errors).toEqual([
      { path: 'personId', message: e.message, code: 'own_rating', location: 'body' },
    ]);
    expect(e.details).toEqual({ act: 'calibrate', subjectId: 'per_a' });
  });

  it('names every field of the request that would decide about the caller, one error each', () => {
    const fields = [
      { path: 'managerId', location: 'body' },
      { path: 'roles', location: 'body' },
    ] as const;
    let thrown: unknown;
    try {
      recuse({ personId: 'per_a' }, 'change_own_record', 'per_a', fields);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    const e = thrown as ApiError;
    expect([e.status, e.code]).toEqual([403, 'own_person_record']);
    expect(e.errors?.map((x) => [x.path, x.code, x.location])).toEqual([
      ['managerId', 'own_person_record', 'body'],
      ['roles', 'own_person_record', 'body'],
    ]);
    expect(() => recuse({ personId: 'per_a' }, 'change_own_record', 'per_b', fields)).not.toThrow();
  });

  it('passes for someone else and for callers that are not people', () => {
    expect(() => recuse({ personId: 'per_a' }, 'resolve_appeal', 'per_b')).not.toThrow();
    expect(() => recuse({ personId: null }, 'resolve_appeal', 'per_b')).not.toThrow();
  });
});
