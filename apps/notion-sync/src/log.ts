// Structured logs (pino JSON lines on stdout); secrets (tokens, keys) are redacted.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'notion-sync'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['token', 'apiKey', 'authorization', '*.token', '*.apiKey', '*.authorization'],
      censor: '[redacted]',
    },
  });
}
