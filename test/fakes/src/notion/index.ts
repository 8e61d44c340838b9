// The Notion fake (API 2025-09-03): start it, point @notionhq/client's baseUrl at `fake.url`.
export { FakeClock, floorMinute } from './clock.ts';
export { NotionError } from './errors.ts';
export { type CallRecord, FakeNotion, type FakeNotionOptions, startFakeNotion } from './fakeNotion.ts';
export { type Fault, FaultInjector, type RandomFaults, type ScriptedFault } from './faults.ts';
export { NOTION_RATE_LIMIT, type RateLimitOptions } from './rateLimit.ts';
export { NOTION_VERSION } from './server.ts';
export { CONTENT_AGGREGATION_MS, signBody, type WebhookEvent, type WebhookEventType } from './webhooks.ts';
export type { Block, Page, User } from './workspace.ts';
