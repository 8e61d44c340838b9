// Which SQLite errors mean "the lock is taken, try again": SQLITE_BUSY and its extended codes only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isBusy } from './sqlite-lock.ts';

describe('isBusy', () => {
  it('is true for SQLITE_BUSY and its extended codes (a concurrent opener recovering the WAL among them)', () => {
    for (const code of [
      'SQLITE_BUSY',
      'SQLITE_BUSY_RECOVERY',
      'SQLITE_BUSY_SNAPSHOT',
      'SQLITE_BUSY_TIMEOUT',
    ]) {
      expect(isBusy(new BetterSqlite3.SqliteError('database is locked', code))).toBe(true);
    }
  });

  it('is false for any other failure', () => {
    for (const error of [
      new BetterSqlite3.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT'),
      new BetterSqlite3.SqliteError('locked', 'SQLITE_LOCKED'),
      new Error('SQLITE_BUSY'),
      { code: 5 },
      null,
      'SQLITE_BUSY',
    ]) {
      expect(isBusy(error)).toBe(false);
    }
  });

  it('recognises the error a real second writer gets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfloop-busy-'));
    const file = join(dir, 'busy.db');
    const a = new BetterSqlite3(file);
    const b = new BetterSqlite3(file);
    try {
      a.pragma('journal_mode = WAL');
      b.pragma('busy_timeout = 0');
      a.exec('BEGIN IMMEDIATE');
      let caught: unknown;
      try {
        b.exec('BEGIN IMMEDIATE');
      } catch (error) {
        caught = error;
      }
      expect(isBusy(caught)).toBe(true);
      a.exec('ROLLBACK');
    } finally {
      a.close();
      b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
