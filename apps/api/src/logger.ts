// The JSON logger (pino) with redaction of credentials as a second line of defence.
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './env.ts';

export const REDACTED = '[redacted]';

/**
 * Paths censored wherever they appear in a log object. The request logger already logs no headers;
 * this catches credentials passed to a log call by mistake.
 */
export const REDACT_PATHS = [
  'authorization',
  'cookie',
  'token',
  'apiKey',
  'password',
  'secret',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  'headers["x-perfloop-user-token"]',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.idToken',
  '*.accessToken',
  '*.apiKey',
  '*.key',
  '*.password',
  '*.secret',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-api-key"]',
  '*.headers["x-perfloop-user-token"]',
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'perfloop-api' },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
  };
  return destination ? pino(options, destination) : pino(options);
}
