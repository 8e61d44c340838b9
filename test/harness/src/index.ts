// @perfloop/harness: the OpenAPI-driven bad-input fuzzer, the kill -9 crash harness and the load harness, for tests and scripts.
export { type CrashOptions, type CrashReport, runCrash } from './crash/run.ts';
export {
  type RunningApi as ApiProcess,
  type StartOptions as ApiProcessOptions,
  type Storage as ApiStorage,
  startApi as startApiProcess,
} from './crash/server.ts';
export { type EngineName, type SeededEngine, seededEngine } from './fuzz/engines.ts';
export { describeViolation, type FuzzSummary, summarise } from './fuzz/report.ts';
export { type FuzzSession, type OperationReport, openFuzzSession, seedFor } from './fuzz/run.ts';
export { failures, type LoadReport, type LoadRunOptions, runLoad } from './load/run.ts';
