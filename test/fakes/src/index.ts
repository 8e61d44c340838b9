// @perfloop/fakes: one entry point per fake, each under its own folder (notion/, sheets/, google-tokens/, teams-host/, graph/).

export * from './google-tokens/index.ts';
export * from './graph/index.ts';
export * as notion from './notion/index.ts';
export { FakeNotion, type FakeNotionOptions, startFakeNotion } from './notion/index.ts';
export * from './sheets/index.ts';
export * from './teams-host/index.ts';
