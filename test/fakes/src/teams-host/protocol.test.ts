// The host protocol against the message shapes teams-js 2.x sends (docs/research/teams-host-protocol.md).
import { describe, expect, it } from 'vitest';
import { teamsHostPage } from './page.ts';
import { createHostProtocol } from './protocol.ts';

const base = { id: 0, uuidAsString: 'u-0' };

describe('Teams host protocol', () => {
  it('answers initialize with frame context, client type, a runtime JSON string and a version', () => {
    const { handle } = createHostProtocol({ frameContext: 'content', context: {}, auth: { token: 't' } });
    const reply = handle({ ...base, func: 'initialize', args: ['2.58.0', 4, null] });
    expect(reply?.id).toBe(0);
    expect(reply?.uuidAsString).toBe('u-0');
    expect(reply?.args[0]).toBe('content');
    expect(reply?.args[1]).toBe('web');
    expect(JSON.parse(String(reply?.args[2]))).toMatchObject({
      apiVersion: 4,
      supports: { pages: { config: {} } },
    });
  });

  it('answers getContext with the legacy flat context and the frame context', () => {
    const { handle } = createHostProtocol({
      frameContext: 'settings',
      context: { loginHint: 'ava@acme.test', theme: 'dark', locale: 'zh-cn' },
      auth: { token: 't' },
    });
    expect(handle({ id: 1, uuidAsString: 'u-1', func: 'getContext', args: [] })?.args).toEqual([
      { loginHint: 'ava@acme.test', theme: 'dark', locale: 'zh-cn', frameContext: 'settings' },
    ]);
  });

  it('answers getAuthToken with [true, token] or [false, reason]', () => {
    const ok = createHostProtocol({ frameContext: 'content', context: {}, auth: { token: 'jwt' } });
    expect(
      ok.handle({ id: 2, func: 'authentication.getAuthToken', args: [null, null, null, null] })?.args,
    ).toEqual([true, 'jwt']);
    const refused = createHostProtocol({
      frameContext: 'content',
      context: {},
      auth: { error: 'resourceRequiresConsent' },
    });
    expect(refused.handle({ id: 2, func: 'authentication.getAuthToken', args: [] })?.args).toEqual([
      false,
      'resourceRequiresConsent',
    ]);
  });

  it('stores settings, records one-way messages and flags unknown requests', () => {
    const { handle, state } = createHostProtocol({
      frameContext: 'settings',
      context: {},
      auth: { token: 't' },
    });
    expect(handle({ func: 'registerHandler', args: ['save'] })).toBeNull();
    expect(handle({ func: 'settings.setValidityState', args: [true] })).toBeNull();
    expect(
      handle({
        id: 5,
        func: 'settings.setSettings',
        args: [{ entityId: 'dash', contentUrl: 'https://x/teams/dashboard' }],
      })?.args,
    ).toEqual([true]);
    expect(handle({ func: 'settings.save.success', args: [] })).toBeNull();
    expect(handle({ id: 6, func: 'meeting.getMeetingDetails', args: [] })).toBeNull();
    expect(state.valid).toBe(true);
    expect(state.settings).toEqual({ entityId: 'dash', contentUrl: 'https://x/teams/dashboard' });
    expect(state.saveOutcome).toBe('success');
    expect(state.unknown).toEqual(['meeting.getMeetingDetails']);
    expect(state.log.map((l) => l.func)).toEqual([
      'registerHandler',
      'settings.setValidityState',
      'settings.setSettings',
      'settings.save.success',
      'meeting.getMeetingDetails',
    ]);
  });

  it('embeds a self-contained protocol in a page that iframes the tab', () => {
    const html = teamsHostPage({
      tabUrl: '/teams/me',
      frameContext: 'content',
      context: { loginHint: '</script><script>alert(1)</script>' },
      auth: { token: 't' },
    });
    expect(html).toContain('<iframe id="tab" title="Perfloop tab" src="/teams/me">');
    expect(html).not.toContain('</script><script>alert(1)');
    // The embedded source runs on its own (as in the page).
    const source = /const createHostProtocol = ([\s\S]*?);\nconst protocol/.exec(html)?.[1] ?? '';
    const factory = new Function(`return (${source});`)() as typeof createHostProtocol;
    expect(
      factory({ frameContext: 'content', context: {}, auth: { token: 'x' } }).handle({
        id: 0,
        func: 'getContext',
      })?.args,
    ).toEqual([{ frameContext: 'content' }]);
  });
});
