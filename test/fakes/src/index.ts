// @perfloop/fakes: one entry point per fake, each under its own folder (notion/, sheets/, google-tokens/, teams-host/).
export * from './teams-host/index.ts';
