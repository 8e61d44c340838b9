// @perfloop/core public entry: every schema, type and domain function of the closed loop.
export * from './alignment.ts';
export * from './calibration.ts';
export * from './calibrationSession.ts';
export * from './coaching.ts';
export * from './common.ts';
export * from './cycle.ts';
export * from './diagnosis.ts';
export * from './feedback.ts';
export * from './goals.ts';
export * from './improve.ts';
export * from './org.ts';
export * from './plan.ts';
export * from './policy.ts';
export * from './result.ts';
export * from './results.ts';
export * from './scoring.ts';
export * from './snapshot.ts';
