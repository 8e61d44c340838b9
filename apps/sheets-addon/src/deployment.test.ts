// The deployment descriptor: its triggers are our endpoints, the system ID token is on, the scopes are the documented ones.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PATHS } from './paths.ts';

const root = new URL('../', import.meta.url);
const deployment = JSON.parse(readFileSync(new URL('deployment.json', root), 'utf8')) as {
  oauthScopes: string[];
  addOns: {
    common: { homepageTrigger: { runFunction: string }; name: string };
    sheets: { homepageTrigger: { runFunction: string }; onFileScopeGrantedTrigger: { runFunction: string } };
    httpOptions: { authorizationHeader: string };
  };
};
const readme = readFileSync(new URL('README.md', root), 'utf8');

describe('deployment.json', () => {
  it('points every trigger at an endpoint of the app under $URL', () => {
    const paths = Object.values(PATHS) as string[];
    const triggers = [
      deployment.addOns.common.homepageTrigger.runFunction,
      deployment.addOns.sheets.homepageTrigger.runFunction,
      deployment.addOns.sheets.onFileScopeGrantedTrigger.runFunction,
    ];
    for (const t of triggers) {
      expect(t.startsWith('$URL/')).toBe(true);
      expect(paths).toContain(t.slice('$URL'.length));
    }
    expect(deployment.addOns.sheets.onFileScopeGrantedTrigger.runFunction).toBe(
      `$URL${PATHS.fileScopeGranted}`,
    );
  });

  it('asks Google for the system ID token and only the scopes the README explains', () => {
    expect(deployment.addOns.httpOptions.authorizationHeader).toBe('SYSTEM_ID_TOKEN');
    expect(deployment.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/userinfo.email',
      'https://www.googleapis.com/auth/drive.file',
    ]);
    for (const scope of deployment.oauthScopes) expect(readme).toContain(scope);
  });
});
