// The add-on's JSON logger (pino), with credentials redacted as a second line of defence.
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './env.ts';

const REDACT = [
  'authorization',
  'token',
  'apiKey',
  'userIdToken',
  'userOAuthToken',
  'systemIdToken',
  '*.authorization',
  '*.token',
  '*.apiKey',
  '*.userIdToken',
  '*.userOAuthToken',
  '*.systemIdToken',
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'perfloop-sheets-addon' },
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
