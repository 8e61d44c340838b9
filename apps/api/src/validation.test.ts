import { IsoDateSchema, KpiGoalSchema } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors } from './validation.ts';

const Body = z.strictObject({
  title: z.string().min(3).max(10),
  weight: z.number().int().min(0).max(100),
  kind: z.enum(['kpi', 'competency']),
  due: IsoDateSchema,
  tags: z.array(z.string()).max(2).optional(),
  step: z.number().multipleOf(5).optional(),
});

function errorsFor(input: unknown) {
  const parsed = Body.safeParse(input);
  if (parsed.success) throw new Error('expected a failure');
  return fieldErrors(parsed.error, 'body', input);
}

describe('fieldErrors', () => {
  it('gives each field error a stable code and the facts it names', () => {
    const errors = errorsFor({
      title: 'ab',
      weight: 100.5,
      kind: 'okr',
      due: '2026-02-30',
      tags: ['a', 'b', 'c'],
      step: 7,
      colour: 'red',
    });
    const by = new Map(errors.map((e) => [e.path, e]));
    expect(by.get('title')).toMatchObject({
      code: 'too_small',
      params: { origin: 'string', minimum: 3, inclusive: true },
    });
    expect(by.get('weight')).toMatchObject({ code: 'invalid_type', params: { expected: 'int' } });
    expect(by.get('kind')).toMatchObject({
      code: 'invalid_value',
      params: { values: ['kpi', 'competency'] },
    });
    expect(by.get('due')).toMatchObject({ code: 'invalid_format', params: { format: 'date' } });
    expect(by.get('tags')).toMatchObject({ code: 'too_big', params: { origin: 'array', maximum: 2 } });
    expect(by.get('step')).toMatchObject({ code: 'not_multiple_of', params: { divisor: 5 } });
    expect(by.get('colour')).toMatchObject({ code: 'unrecognized_key', params: { key: 'colour' } });
    expect(errors.every((e) => e.location === 'body' && e.message.length > 0)).toBe(true);
    // Every params object survives JSON as it is.
    expect(JSON.parse(JSON.stringify(errors))).toEqual(errors);
  });

  it('says a missing field is required, and a value of the wrong type is not', () => {
    const errors = errorsFor({ title: 42, kind: 'kpi', due: '2026-01-01' });
    expect(errors.map((e) => [e.path, e.code, e.params])).toEqual([
      ['title', 'invalid_type', { expected: 'string' }],
      ['weight', 'required', { expected: 'number' }],
    ]);
  });

  it('keeps invalid_type when it is not given the input', () => {
    const parsed = Body.safeParse({ title: 'abcd', kind: 'kpi', due: '2026-01-01' });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(fieldErrors(parsed.error, 'body').map((e) => e.code)).toEqual(['invalid_type']);
  });

  it('says the upper bound of a too-long text', () => {
    const [error] = errorsFor({ title: 'a'.repeat(11), weight: 1, kind: 'kpi', due: '2026-01-01' });
    expect(error).toMatchObject({
      path: 'title',
      code: 'too_big',
      params: { origin: 'string', maximum: 10, inclusive: true },
    });
  });

  it('a core rule takes its own code and facts; a plain refinement stays `custom` without params', () => {
    const goal = KpiGoalSchema.safeParse({
      id: 'g1',
      cycleId: 'c1',
      title: 'Escaped defects',
      level: 'person',
      ownerId: 'p1',
      departmentId: null,
      weight: 40,
      alignedTo: null,
      kind: 'kpi',
      direction: 'lower_is_better',
      baseline: 20,
      threshold: 8,
      target: 10,
    });
    expect(goal.success).toBe(false);
    if (goal.success) return;
    expect(fieldErrors(goal.error, 'body')).toEqual([
      {
        path: 'threshold',
        message: 'threshold must be above target',
        code: 'kpi_anchors_invalid',
        location: 'body',
        params: { anchor: 'threshold', relation: 'above', than: 'target' },
      },
    ]);
    const plain = z
      .string()
      .refine((v) => v === 'x', { message: 'must be x' })
      .safeParse('y');
    if (plain.success) throw new Error('expected a failure');
    expect(fieldErrors(plain.error, 'body')).toEqual([
      { path: '', message: 'must be x', code: 'custom', location: 'body' },
    ]);
  });
});
