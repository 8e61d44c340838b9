// The endpoints as Google calls them: token checks for real (forged, expired, wrong audience/account), and Sheets failing mid-flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from './paths.ts';
import { ADDON_URL, CLIENT_ID, cardText, SERVICE_ACCOUNT, type Stack, startStack } from './testing/stack.ts';

let s: Stack;
let h2: string;
beforeAll(async () => {
  s = await startStack();
  h2 =
    (await s.api<{ items: { id: string }[] }>('GET', '/v1/cycles?phase=coach', { as: 'hr@acme.test' })).body
      .items[0]?.id ?? '';
});
afterAll(async () => {
  await s.close();
});

const event = (userIdToken: string) => ({
  commonEventObject: { hostApp: 'SHEETS', platform: 'WEB' },
  authorizationEventObject: { userOAuthToken: 'ya29.test-sofia@acme.test', userIdToken },
  sheets: { addonHasFileScopePermission: false },
});

async function call(path: string, system: string | null, user: string) {
  const res = await s.invokeRaw(path, {
    headers: system === null ? {} : { Authorization: `Bearer ${system}` },
    body: event(user),
  });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

describe('every request is verified', () => {
  const home = PATHS.home;
  const url = `${ADDON_URL}${home}`;

  it('refuses missing, forged, expired, wrong-audience and wrong-account system tokens, without calling Perfloop', async () => {
    const user = await s.issuer.userToken({ email: 'sofia@acme.test' }, CLIENT_ID);
    s.resetCounts();
    expect((await call(home, null, user)).status).toBe(401);
    const cases: [string, string][] = [
      [await s.issuer.forge({ aud: url, email: SERVICE_ACCOUNT, email_verified: true }), 'bad signature'],
      [await s.issuer.systemToken(url, SERVICE_ACCOUNT, { issuedAt: -7200, expiresIn: 3600 }), 'expired'],
      [await s.issuer.systemToken(`${ADDON_URL}${PATHS.importScores}`, SERVICE_ACCOUNT), 'wrong audience'],
      [await s.issuer.systemToken(url.replace('https:', 'http:'), SERVICE_ACCOUNT), 'wrong audience'],
      [await s.issuer.systemToken(url, 'someone-else@evil.iam.gserviceaccount.com'), 'wrong account'],
      [
        await s.issuer.systemToken(url, SERVICE_ACCOUNT, { claims: { iss: 'https://evil.test' } }),
        'wrong issuer',
      ],
      ['not.a.token', 'malformed'],
    ];
    for (const [token, reason] of cases) {
      const r = await call(home, token, user);
      expect(r.status, reason).toBe(401);
      expect(r.body.error).toBe(`system token: ${reason}`);
    }
    expect(s.apiRequests).toEqual([]);
  });

  it('refuses forged, expired and wrong-audience user tokens', async () => {
    const system = await s.issuer.systemToken(url, SERVICE_ACCOUNT);
    const cases: [string, string][] = [
      [
        await s.issuer.forge({ aud: CLIENT_ID, email: 'sofia@acme.test', email_verified: true }),
        'bad signature',
      ],
      [
        await s.issuer.userToken({ email: 'sofia@acme.test' }, CLIENT_ID, {
          issuedAt: -7200,
          expiresIn: 3600,
        }),
        'expired',
      ],
      [
        await s.issuer.userToken({ email: 'sofia@acme.test' }, 'another-client.apps.googleusercontent.com'),
        'wrong audience',
      ],
      [
        await s.issuer.userToken({ email: 'sofia@acme.test', emailVerified: false }, CLIENT_ID),
        'email not verified',
      ],
    ];
    for (const [token, reason] of cases) {
      const r = await call(home, system, token);
      expect(r.status, reason).toBe(401);
      expect(r.body.error).toBe(`user token: ${reason}`);
    }
  });

  it('refuses bodies that are not add-on events', async () => {
    const system = await s.issuer.systemToken(url, SERVICE_ACCOUNT);
    const res = await s.invokeRaw(home, {
      headers: { Authorization: `Bearer ${system}` },
      body: { hello: 'world' },
    });
    expect(res.status).toBe(400);
  });

  it('a valid Google user Perfloop does not know gets a card saying so (the API refused with 403)', async () => {
    const r = await s.invoke('home', { as: 'stranger@gmail.test' });
    expect(r.status).toBe(200);
    expect('action' in r.body).toBe(true);
    expect(cardText(r.body)).toContain('Perfloop does not know your Google account');
  });
});

describe('Google Sheets failing mid-flow', () => {
  it('a structural batch applied but unanswered is found by its metadata and not applied twice', async () => {
    s.fake.failNext('spreadsheets.batchUpdate', { status: 503, afterApplying: true });
    s.resetCounts();
    const res = await s.invoke('createScoringSheet', {
      as: 'sofia@acme.test',
      formInputs: { cycleId: h2, scope: 'team' },
    });
    expect(cardText(res.body)).toContain('Scoring sheet ready');
    expect(s.sheetsCalls).toEqual({
      create: 1,
      batchUpdate: 1,
      'developerMetadata.search': 1,
      'values.batchUpdate': 1,
    });
    const id = /spreadsheets\/d\/([\w-]+)\/edit/.exec(JSON.stringify(res.body))?.[1] ?? '';
    const stored = s.fake.spreadsheet(id);
    expect(stored?.developerMetadata).toHaveLength(1);
    expect(stored?.sheets[0]?.protectedRanges).toHaveLength(4);
  });

  it('a structural batch refused by a 5xx before applying is retried once its metadata is not there', async () => {
    s.fake.failNext('spreadsheets.batchUpdate', { status: 500 });
    s.resetCounts();
    const res = await s.invoke('createScoringSheet', {
      as: 'sofia@acme.test',
      formInputs: { cycleId: h2, scope: 'team' },
    });
    expect(cardText(res.body)).toContain('Scoring sheet ready');
    expect(s.sheetsCalls).toEqual({
      create: 1,
      batchUpdate: 2,
      'developerMetadata.search': 1,
      'values.batchUpdate': 1,
    });
    const id = /spreadsheets\/d\/([\w-]+)\/edit/.exec(JSON.stringify(res.body))?.[1] ?? '';
    expect(s.fake.spreadsheet(id)?.developerMetadata).toHaveLength(1);
  });

  it('the create is retried when Google refused it (429) but never after an unknown outcome (5xx)', async () => {
    s.fake.failNext('spreadsheets.create', { status: 429 });
    s.resetCounts();
    const ok = await s.invoke('createScoringSheet', {
      as: 'sofia@acme.test',
      formInputs: { cycleId: h2, scope: 'team' },
    });
    expect(cardText(ok.body)).toContain('Scoring sheet ready');
    expect(s.sheetsCalls.create).toBe(2);
    s.fake.failNext('spreadsheets.create', { status: 503, afterApplying: true });
    s.resetCounts();
    const failed = await s.invoke('createScoringSheet', {
      as: 'sofia@acme.test',
      formInputs: { cycleId: h2, scope: 'team' },
    });
    expect(s.sheetsCalls).toEqual({ create: 1 });
    expect(cardText(failed.body)).toContain('Google Sheets could not do that');
  });

  it('reads and fixed-cell writes are retried (a 429 with Retry-After, a write-back applied but unanswered)', async () => {
    const created = await s.invoke('createScoringSheet', {
      as: 'sofia@acme.test',
      formInputs: { cycleId: h2, scope: 'team' },
    });
    const spreadsheetId = /spreadsheets\/d\/([\w-]+)\/edit/.exec(JSON.stringify(created.body))?.[1] ?? '';
    const sheets = s.sheetsAs('sofia@acme.test');
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'USER_ENTERED',
        data: [{ range: 'Scores!N2', values: [['not a number']] }],
      },
    });
    s.fake.failNext('spreadsheets.values.batchGetByDataFilter', { status: 429, retryAfterSeconds: 0 });
    s.fake.failNext('spreadsheets.batchUpdate', { status: 500, afterApplying: true });
    s.resetCounts();
    const res = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(s.sheetsCalls).toEqual({
      'developerMetadata.search': 1,
      'values.batchGetByDataFilter': 2,
      batchUpdate: 2,
    });
    expect(cardText(res.body)).toContain('Actual must be a number');
    const status = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'Scores!P2' });
    expect(status.data.values?.[0]?.[0]).toMatch(/^✗ Actual must be a number/);
  });
});
