// `pnpm --filter @perfloop/fakes notion`: the Notion emulator for newcomers — a fake workspace with a shared parent page, on a fixed port.
import { parseArgs } from 'node:util';
import { startFakeNotion } from './fakeNotion.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9444' },
    token: { type: 'string', default: 'ntn_emulator_token' },
    rate: { type: 'string', default: '3' },
    people: {
      type: 'string',
      default: 'hr,sofia,elena,grace,olivia,marcus,raj,ava,ben,chloe,dan,liam,mia,noah,priya,tom'
        .split(',')
        .map((k) => `${k}@acme.test`)
        .join(','),
    },
  },
});

const rate = Number(values.rate);
const fake = await startFakeNotion({
  port: Number(values.port),
  token: values.token,
  rateLimit: { requestsPerSecond: rate, burst: Math.max(1, rate * 2) },
  workspaceName: 'Acme (emulated)',
});
for (const email of (values.people ?? '').split(',').filter(Boolean)) {
  const local = email.split('@')[0] ?? email;
  fake.addPerson(local.charAt(0).toUpperCase() + local.slice(1), email);
}
const parent = fake.createSharedPage('Perfloop');

const lines = [
  `Notion emulator (API 2025-09-03) on ${fake.url} — in memory, gone when stopped.`,
  `Workspace members: ${values.people}`,
  '',
  'Point the worker at it:',
  `  NOTION_BASE_URL=${fake.url}`,
  `  NOTION_TOKEN=${fake.token}`,
  `  NOTION_PARENT_PAGE_ID=${parent.id}`,
  '',
  'Act as a person in Notion (not part of Notion’s API):',
  `  curl -s ${fake.url}/_fake/summary`,
  `  curl -s -X POST ${fake.url}/_fake/pages/<page id>/edit -H 'content-type: application/json' \\`,
  `       -d '{"as":"marcus@acme.test","properties":{"Actual":{"number":42}}}'`,
  `  curl -s -X POST ${fake.url}/_fake/webhooks -H 'content-type: application/json' -d '{"url":"http://127.0.0.1:8788/webhooks/notion"}'`,
];
console.log(lines.join('\n'));

const stop = () => {
  fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
