// SQLite: commits of other processes on the same file, seen through PRAGMA data_version.
import type BetterSqlite3 from 'better-sqlite3';
import { type ChangeHub, EVERYTHING } from './changes.ts';
import { processCommits } from './sqlite-writer.ts';

/**
 * A poll for `hub`: PRAGMA data_version changes whenever another connection committed to the file.
 * It runs at most once per turn of the event loop (requests handled in one turn arrived together;
 * a commit through any store of this process resets that), and reports "everything changed".
 */
export function sqlitePoll(database: BetterSqlite3.Database, hub: ChangeHub): () => void {
  const statement = database.prepare('PRAGMA data_version').pluck();
  let last: unknown = statement.get();
  let polledThisTurn = false;
  let commitsSeen = processCommits.count;
  return () => {
    if (polledThisTurn && commitsSeen === processCommits.count) return;
    if (!database.open) return;
    if (!polledThisTurn) {
      polledThisTurn = true;
      setImmediate(() => {
        polledThisTurn = false;
      });
    }
    commitsSeen = processCommits.count;
    const now = statement.get();
    if (now !== last) {
      last = now;
      hub.publish(EVERYTHING);
    }
  };
}
