// The Teams host: detects it at once (no 60-second wait in a plain browser), then context, SSO tokens, theme and config page.
import type * as TeamsJs from '@microsoft/teams-js';
import { subPageUrl } from './subPage.ts';

export type TeamsTheme = 'default' | 'dark' | 'contrast';

/** What the tab needs from `app.getContext()`. */
export interface HostContext {
  theme: TeamsTheme;
  locale: string;
  frameContext: string;
  loginHint: string | null;
  tenantId: string | null;
  entityId: string | null;
  teamName: string | null;
  channelName: string | null;
}

export interface TeamsHost {
  kind: 'teams';
  context: HostContext;
  /** An Entra access token for the API (Teams SSO); `fresh` bypasses the cache. */
  token(fresh?: boolean): Promise<string>;
  onThemeChange(handler: (theme: TeamsTheme) => void): void;
  /** Configuration page (frame context `settings`) only. */
  config: {
    setValid(valid: boolean): void;
    onSave(
      handler: () => Promise<{ entityId: string; contentUrl: string; suggestedDisplayName: string }>,
    ): void;
  };
}

/** How long a framed page waits for a Teams host before it falls back to the plain-browser path. */
export const HOST_TIMEOUT_MS = 4000;

/**
 * Is there a window that could be a Teams host? A top-level page without an opener is certainly not
 * in Teams (teams-js would reject at once anyway); `?host=none` forces the plain-browser path.
 */
export function maybeFramed(win: Window = window): boolean {
  if (new URLSearchParams(win.location.search).get('host') === 'none') return false;
  return win.parent !== win || Boolean(win.opener);
}

function theme(value: string | undefined): TeamsTheme {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

/** Seconds since the epoch at which a JWT expires (0 if unreadable). */
export function tokenExpiry(token: string): number {
  try {
    const part = token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : 0;
  } catch {
    return 0;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/**
 * Connects to Teams when the page is framed: initialize (raced against a short timeout, never retried),
 * then the context. Resolves null when there is no Teams host.
 */
export async function connectToTeams(timeoutMs = HOST_TIMEOUT_MS): Promise<TeamsHost | null> {
  if (!maybeFramed()) return null;
  // Loaded only when framed: a plain browser never downloads teams-js.
  const teams: typeof TeamsJs = await import('@microsoft/teams-js');
  try {
    // Same-origin hosts (the test host page) are accepted by teams-js without listing them.
    if ((await withTimeout(teams.app.initialize(), timeoutMs)) === 'timeout') return null;
  } catch {
    return null;
  }
  const ctx = await teams.app.getContext();
  // Opened from a deep link (an activity-feed alert): show the page, cycle, person and section it names.
  const here = window.location;
  const sub = subPageUrl(ctx.page.subPageId, `${here.pathname}${here.search}${here.hash}`);
  if (sub) window.history.replaceState(window.history.state, '', sub);
  const context: HostContext = {
    theme: theme(ctx.app.theme),
    locale: ctx.app.locale,
    frameContext: ctx.page.frameContext ?? 'content',
    loginHint: ctx.user?.loginHint ?? ctx.user?.userPrincipalName ?? null,
    tenantId: ctx.user?.tenant?.id ?? null,
    entityId: ctx.page.id || null,
    teamName: ctx.team?.displayName ?? null,
    channelName: ctx.channel?.displayName ?? null,
  };
  let cached: { token: string; exp: number } | null = null;
  const host: TeamsHost = {
    kind: 'teams',
    context,
    async token(fresh = false) {
      const now = Date.now() / 1000;
      if (!fresh && cached && cached.exp - 120 > now) return cached.token;
      const token = await teams.authentication.getAuthToken();
      cached = { token, exp: tokenExpiry(token) };
      return token;
    },
    onThemeChange(handler) {
      teams.app.registerOnThemeChangeHandler((value) => handler(theme(value)));
    },
    config: {
      setValid(valid) {
        teams.pages.config.setValidityState(valid);
      },
      onSave(handler) {
        teams.pages.config.registerOnSaveHandler((event) => {
          handler()
            .then((settings) =>
              teams.pages.config.setConfig({ ...settings, websiteUrl: settings.contentUrl }),
            )
            .then(
              () => event.notifySuccess(),
              (error: unknown) => event.notifyFailure(error instanceof Error ? error.message : String(error)),
            );
        });
      },
    },
  };
  teams.app.notifySuccess();
  return host;
}
