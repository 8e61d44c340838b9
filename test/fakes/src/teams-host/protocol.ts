// The Teams host side of the teams-js v2 postMessage protocol: answers initialize, getContext, getAuthToken and the
// configuration page's settings calls, records one-way messages, and flags any request it does not know.
// `createHostProtocol` is self-contained (no imports, no closures over module scope) so the host page can embed its source.

/** The flat, legacy context shape teams-js expects on the wire (it maps it into app.Context). */
export interface LegacyContext {
  userObjectId?: string;
  tid?: string;
  loginHint?: string;
  userPrincipalName?: string;
  theme?: 'default' | 'dark' | 'contrast';
  locale?: string;
  frameContext?: string;
  entityId?: string;
  subEntityId?: string;
  hostClientType?: string;
  hostName?: string;
  teamId?: string;
  teamName?: string;
  groupId?: string;
  channelId?: string;
  channelName?: string;
}

export interface HostOptions {
  /** `content` for tabs, `settings` for the configuration page. */
  frameContext: 'content' | 'settings' | 'remove';
  context: LegacyContext;
  /** The SSO answer: a token, or a failure reason such as `resourceRequiresConsent`. */
  auth: { token: string } | { error: string };
}

/** A message from the tab: a request (numeric id) or nothing we answer. */
export interface TabMessage {
  id?: number;
  uuidAsString?: string;
  func?: string;
  args?: unknown[];
}

export interface HostReply {
  id: number;
  uuidAsString?: string;
  args: unknown[];
}

export interface HostState {
  /** Every request and one-way message, in order. */
  log: { func: string; args: unknown[] }[];
  /** Requests the host does not know (a test should fail when this is not empty). */
  unknown: string[];
  /** What `settings.setSettings` (pages.config.setConfig) stored. */
  settings: Record<string, unknown> | null;
  /** The last `settings.setValidityState`. */
  valid: boolean | null;
  /** `success` / `failure: reason` once the tab answered a save event. */
  saveOutcome: string | null;
}

export function createHostProtocol(options: HostOptions) {
  const oneWay = [
    'registerHandler',
    'appInitialization.success',
    'appInitialization.failure',
    'appInitialization.loaded',
    'appInitialization.expectedFailure',
    'settings.setValidityState',
    'settings.save.success',
    'settings.save.failure',
    'settings.remove.success',
    'settings.remove.failure',
  ];
  const state: HostState = { log: [], unknown: [], settings: null, valid: null, saveOutcome: null };
  const reply = (message: TabMessage, args: unknown[]): HostReply => ({
    id: message.id as number,
    ...(message.uuidAsString ? { uuidAsString: message.uuidAsString } : {}),
    args,
  });
  const handle = (message: TabMessage): HostReply | null => {
    if (!message || typeof message.func !== 'string') return null;
    const func = message.func;
    const args = Array.isArray(message.args) ? message.args : [];
    state.log.push({ func, args });
    if (oneWay.indexOf(func) >= 0) {
      if (func === 'settings.setValidityState') state.valid = args[0] === true;
      if (func === 'settings.save.success') state.saveOutcome = 'success';
      if (func === 'settings.save.failure') state.saveOutcome = `failure: ${String(args[0])}`;
      return null;
    }
    if (typeof message.id !== 'number') return null;
    switch (func) {
      case 'initialize':
        return reply(message, [
          options.frameContext,
          'web',
          JSON.stringify({
            apiVersion: 4,
            supports: { pages: { config: {} }, teamsCore: {}, appInitialization: {} },
          }),
          '2.0.1',
        ]);
      case 'getContext':
        return reply(message, [{ ...options.context, frameContext: options.frameContext }]);
      case 'authentication.getAuthToken':
        return 'token' in options.auth
          ? reply(message, [true, options.auth.token])
          : reply(message, [false, options.auth.error]);
      case 'settings.setSettings':
        state.settings = (args[0] as Record<string, unknown>) ?? null;
        return reply(message, [true]);
      case 'settings.getSettings':
        return reply(message, [state.settings ?? {}]);
      default:
        state.unknown.push(func);
        return null;
    }
  };
  return { state, handle };
}

export type HostProtocol = ReturnType<typeof createHostProtocol>;
