// Worker thread: checkpoints a SQLite WAL on its own connection, so the API's event loop never waits for one.
// Plain JavaScript: it runs as is under tsx, Vitest and plain Node.
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const { file, walBytes, intervalMs } = workerData;
const database = new BetterSqlite3(file);
database.pragma('busy_timeout = 0');
// This connection never writes: only its checkpoints touch the database file.
database.pragma('wal_autocheckpoint = 0');
const checkpoint = database.prepare('PRAGMA wal_checkpoint(PASSIVE)');

function walSize() {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

const timer = setInterval(() => {
  if (walSize() < walBytes) return;
  try {
    // PASSIVE: copies what no reader still needs, never waits and never blocks writers; the WAL is reused from
    // its start by the next write once it is fully copied.
    checkpoint.get();
  } catch {
    // SQLITE_BUSY (another checkpoint is running) or the file went away: try again next time.
  }
}, intervalMs);

parentPort?.on('message', (message) => {
  if (message === 'close') {
    clearInterval(timer);
    database.close();
    parentPort?.close();
  }
});
