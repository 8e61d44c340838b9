// The published shapes of the resources whose schemas are core's (feedback requests, calibration sessions and adjustments, potential): a change in core shows here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../testing/apiHarness.ts';
import { REQUEST_CLOSED_AT, REQUEST_REVIEW_ID, REQUEST_UPDATED_AT } from './feedback-requests.ts';

type JsonSchema = Record<string, unknown>;

const id = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\w.:@-]+$' };
const nullableId = { ...id, type: ['string', 'null'] };
const dateTime = { type: 'string', format: 'date-time' };
const int = { type: 'integer' };
const meta = {
  version: { type: 'integer', minimum: 1, description: 'Increases by one on every change (the ETag).' },
  createdAt: dateTime,
  updatedAt: dateTime,
};
const closed = (properties: Record<string, JsonSchema>) => ({
  type: 'object',
  properties: { ...properties, ...meta },
  required: [...Object.keys(properties), ...Object.keys(meta)],
  additionalProperties: false,
});

describe('OpenAPI shapes of core entities', () => {
  let h: ApiHarness;
  let schemas: Record<string, JsonSchema>;
  beforeAll(async () => {
    h = await createApiHarness({ engine: 'sqlite' });
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      components: { schemas: Record<string, JsonSchema> };
    };
    schemas = doc.components.schemas;
  });
  /** One property of a published request schema. */
  const property = (schema: string, name: string) =>
    (schemas[schema]?.properties as Record<string, JsonSchema> | undefined)?.[name];
  afterAll(async () => {
    await h.close();
  });

  it('FeedbackRequest', () => {
    const shape = closed({
      id,
      cycleId: id,
      subjectId: id,
      reviewerId: id,
      component: { type: 'string', enum: ['peer', 'upward'] },
      message: { type: 'string', maxLength: 5000 },
      requestedBy: id,
      state: { type: 'string', enum: ['pending', 'submitted', 'declined', 'cancelled'] },
      // Said to the subject without the answering review, and its times to the UTC day.
      reviewId: { ...nullableId, description: REQUEST_REVIEW_ID },
      reason: { type: ['string', 'null'] },
      closedAt: { ...dateTime, type: ['string', 'null'], description: REQUEST_CLOSED_AT },
      closedBy: nullableId,
    });
    expect(schemas.FeedbackRequest).toEqual({
      ...shape,
      properties: { ...shape.properties, updatedAt: { ...dateTime, description: REQUEST_UPDATED_AT } },
    });
    expect(REQUEST_CLOSED_AT).toContain('To the UTC day only');
    expect(property('FeedbackRequestCreate', 'component')).toEqual({
      type: 'string',
      enum: ['peer', 'upward'],
      description:
        '`peer` (anyone active but the subject and their own manager: 422 `manager_not_peer`), or `upward` (the reviewer is a direct report of the subject).',
    });
  });

  it('CalibrationSession, with an open (not strict) summary', () => {
    const summary = ['total', 'changed', 'up', 'down', 'unchanged', 'adjustments'];
    expect(schemas.CalibrationSession).toEqual(
      closed({
        id,
        cycleId: id,
        name: { type: 'string', minLength: 1, maxLength: 200 },
        departmentIds: { type: 'array', items: id, minItems: 1, maxItems: 200 },
        state: { type: 'string', enum: ['open', 'finalised'] },
        createdBy: id,
        finalisedAt: { ...dateTime, type: ['string', 'null'] },
        finalisedBy: nullableId,
        summary: {
          type: ['object', 'null'],
          properties: {
            ...Object.fromEntries(summary.map((k) => [k, int])),
            moves: {
              type: 'array',
              items: {
                type: 'object',
                properties: { from: { type: 'number' }, to: { type: 'number' }, count: int },
                required: ['from', 'to', 'count'],
              },
            },
          },
          required: [...summary, 'moves'],
        },
        mayRun: { type: 'boolean', description: expect.stringContaining('Whether you run this session') },
      }),
    );
  });

  it('the distribution says what each rating rests on (warnings, required, the missing-input codes only)', () => {
    const item = (
      property('CalibrationDistribution', 'ratings') as {
        items: { properties: Record<string, JsonSchema>; required: string[] };
      }
    ).items;
    expect(item.required).toContain('warnings');
    const warning = schemas.RatingBasisWarning as { properties: { code: JsonSchema } };
    expect(warning.properties.code).toEqual({
      type: 'string',
      enum: ['manager_review_missing', 'unrated_goal', 'missing_actual'],
    });
  });

  it('StoredCalibrationAdjustment', () => {
    expect(schemas.StoredCalibrationAdjustment).toEqual(
      closed({
        from: int,
        to: int,
        actorId: id,
        // As recorded: the 20-character minimum binds making a change (the POST's input), not a stored one.
        justification: { type: 'string', minLength: 1, maxLength: 5000 },
        at: dateTime,
        id,
        sessionId: id,
        cycleId: id,
        subjectId: id,
      }),
    );
  });

  it('PotentialAssessment and PotentialPut', () => {
    const potential = { type: 'integer', minimum: 1, maximum: 3 };
    expect(schemas.PotentialAssessment).toEqual(
      closed({
        id,
        cycleId: id,
        subjectId: id,
        potential,
        note: { type: 'string', maxLength: 2000 },
        assessedBy: id,
        assessedAt: dateTime,
      }),
    );
    expect(property('PotentialPut', 'potential')).toEqual({
      ...potential,
      description: '1 low, 2 moderate, 3 high.',
    });
  });

  it('calibration views mark the caller’s own entry (isCaller, required) so clients offer no move for it', () => {
    const itemsOf = (schema: string, list: string) =>
      (property(schema, list) as { items?: { properties?: Record<string, JsonSchema>; required?: string[] } })
        ?.items;
    for (const [schema, list] of [
      ['CalibrationDistribution', 'ratings'],
      ['CalibrationNineBox', 'items'],
      ['CalibrationForcedDistribution', 'suggestions'],
    ] as const) {
      const items = itemsOf(schema, list);
      expect(items?.properties?.isCaller).toMatchObject({ type: 'boolean' });
      expect(String(items?.properties?.isCaller?.description)).toContain('own_rating');
      expect(items?.required).toContain('isCaller');
    }
  });
});
