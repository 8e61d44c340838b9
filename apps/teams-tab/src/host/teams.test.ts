// Host detection without teams-js's 60-second wait, and reading an SSO token's expiry.
import { describe, expect, it } from 'vitest';
import { maybeFramed, tokenExpiry } from './teams.ts';

const win = (init: { framed?: boolean; opener?: boolean; search?: string }) => {
  const w = {
    location: { search: init.search ?? '' },
    opener: init.opener ? {} : null,
  } as unknown as Window & {
    parent: Window;
  };
  (w as { parent: unknown }).parent = init.framed ? {} : w;
  return w;
};

describe('Teams host', () => {
  it('a top-level page without an opener is never in Teams; framed or opened pages may be; ?host=none forces the browser path', () => {
    expect(maybeFramed(win({}))).toBe(false);
    expect(maybeFramed(win({ framed: true }))).toBe(true);
    expect(maybeFramed(win({ opener: true }))).toBe(true);
    expect(maybeFramed(win({ framed: true, search: '?host=none' }))).toBe(false);
  });

  it('reads exp from a JWT, 0 when unreadable', () => {
    const payload = Buffer.from(JSON.stringify({ exp: 1_900_000_000 })).toString('base64url');
    expect(tokenExpiry(`e30.${payload}.sig`)).toBe(1_900_000_000);
    expect(tokenExpiry('not a token')).toBe(0);
  });
});
