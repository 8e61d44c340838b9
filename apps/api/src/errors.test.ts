// ApiError subclasses and the DomainError mapping, rendered through the one error handler.
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  BadRequest,
  Conflict,
  Forbidden,
  fromDomainError,
  NotFound,
  PayloadTooLarge,
  PreconditionFailed,
  PreconditionRequired,
  TooManyRequests,
  Unauthenticated,
  UnprocessableEntity,
  UnsupportedMediaType,
} from './errors.ts';
import { createTestApp, devAuth } from './testing/testApp.ts';

describe('ApiError subclasses', () => {
  it('carry their status and stable code', () => {
    const cases: [ApiError, number, string][] = [
      [new BadRequest(), 400, 'bad_request'],
      [new Unauthenticated(), 401, 'unauthenticated'],
      [new Forbidden(), 403, 'forbidden'],
      [new NotFound(), 404, 'not_found'],
      [new Conflict(), 409, 'conflict'],
      [new PreconditionFailed(), 412, 'precondition_failed'],
      [new PayloadTooLarge(), 413, 'payload_too_large'],
      [new UnsupportedMediaType(), 415, 'unsupported_media_type'],
      [new UnprocessableEntity(), 422, 'unprocessable_entity'],
      [new PreconditionRequired(), 428, 'precondition_required'],
      [new TooManyRequests(), 429, 'too_many_requests'],
    ];
    for (const [error, status, code] of cases) {
      expect(error).toBeInstanceOf(ApiError);
      expect([error.status, error.code]).toEqual([status, code]);
    }
    expect(new NotFound('No such goal.', { code: 'goal_not_found' }).code).toBe('goal_not_found');
    expect(new Unauthenticated().headers['WWW-Authenticate']).toBe('Bearer');
  });

  it('fromDomainError keeps code, message, path and details', () => {
    const e = fromDomainError({ code: 'cycle_closed', message: 'The cycle is closed.' }, 409);
    expect([e.status, e.code, e.message, e.errors]).toEqual([
      409,
      'cycle_closed',
      'The cycle is closed.',
      undefined,
    ]);
  });
});

describe('domain errors as problems', () => {
  it('renders code, detail, per-field errors and details', async () => {
    const { app } = createTestApp();
    const res = await app.request('/v1/test/domain', { method: 'POST', headers: devAuth() });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({
      type: 'https://perfloop.dev/problems/weights_not_100',
      title: 'Unprocessable Content',
      status: 422,
      code: 'weights_not_100',
      detail: 'Goal weights must total 100.',
      instance: '/v1/test/domain',
      errors: [
        {
          path: 'goals.1.weight',
          message: 'Goal weights must total 100.',
          code: 'weights_not_100',
          location: 'input',
        },
      ],
      details: { total: 90 },
    });
  });
});
