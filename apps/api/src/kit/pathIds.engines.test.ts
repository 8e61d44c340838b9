// Ids in the path and cursors in the query that no id can be (NUL, controls, lone surrogates) are a 4xx on both
// engines: PostgreSQL refuses NUL in text, which used to surface as a 500 (found by the harness fuzzer).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

const HOSTILE = ['%00', 'a%00b', '%05%0A%00%0D', '%ED%A0%80', '%EF%BF%BF'];

describe.each(ENGINES)('hostile path ids and cursors on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const paths = (id: string) => [
    ['GET', `/v1/goals/${id}`],
    ['GET', `/v1/people/${id}`],
    ['POST', `/v1/cycles/${id}/results/preview`],
    ['POST', `/v1/feedback-requests/${id}/cancel`],
    ['GET', `/v1/calibration-sessions/${id}/nine-box`],
    ['GET', `/v1/cycles/${id}/scores/${id}`],
    ['PUT', `/v1/cycles/${id}/potential/${id}`],
    ['GET', `/v1/cycles/${id}/compensation/${id}`],
    ['GET', `/v1/cycles/${id}/plans/${id}`],
    ['GET', `/v1/goals?cursor=${id}`],
    ['GET', `/v1/people?cursor=${id}`],
    ['GET', `/v1/check-ins?cursor=${id}&cycleId=x`],
  ];

  it('answers a 4xx problem+json (or an empty page for a cursor), never 500', async () => {
    for (const id of HOSTILE) {
      for (const [method, path] of paths(id)) {
        const res = await h.call(method as string, path as string, {
          as: f.email.hal,
          ...(method === 'GET' ? {} : { json: {}, headers: { 'If-Match': '"1"' } }),
        });
        expect([method, path, res.status < 500]).toEqual([method, path, true]);
        if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    }
  });
});
