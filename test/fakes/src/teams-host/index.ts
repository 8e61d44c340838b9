// The Teams host fake: a page that iframes the tab and answers the teams-js v2 postMessage protocol.
export * from './page.ts';
export * from './protocol.ts';
