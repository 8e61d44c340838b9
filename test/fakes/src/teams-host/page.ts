// The test host page: iframes the tab (same origin, as the research recommends), answers teams-js through
// createHostProtocol, and exposes `window.__teamsHost` to the test: its state, theme changes and the Save button.
import { createHostProtocol, type HostOptions } from './protocol.ts';

export interface HostPageOptions extends HostOptions {
  /** The tab URL to iframe (same origin as the page). */
  tabUrl: string;
}

/** `<` escaped so the JSON cannot close the script element. */
const safeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function teamsHostPage(options: HostPageOptions): string {
  const { tabUrl, ...host } = options;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Teams test host</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style></head>
<body>
<iframe id="tab" title="Perfloop tab" src="${encodeURI(tabUrl)}"></iframe>
<script>
const createHostProtocol = ${createHostProtocol.toString()};
const protocol = createHostProtocol(${safeJson(host)});
const frame = document.getElementById('tab');
const send = (message) => frame.contentWindow.postMessage(message, location.origin);
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow) return;
  const reply = protocol.handle(event.data);
  if (reply) send(reply);
});
window.__teamsHost = {
  state: protocol.state,
  themeChange: (theme) => send({ func: 'themeChange', args: [theme] }),
  save: () => send({ func: 'settings.save', args: [{}] }),
};
</script>
</body>
</html>`;
}
