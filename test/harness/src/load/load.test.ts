// The short load run in `pnpm test`: two API instances and two Notion workers on PostgreSQL under ~12 s of mixed load
// with a lease hand-over; no errors, nothing lost or duplicated in Perfloop or Notion, each change applied once.
import { describe, expect, it } from 'vitest';
import { loadHarnessEnv } from '../env.ts';
import { loadMode } from './modes.ts';
import { failures, runLoad } from './run.ts';

const options = loadMode(loadHarnessEnv(), false, () => 0);

describe('two API instances and two Notion workers on PostgreSQL under mixed load', () => {
  it(`hold ${options.seconds} s with no error, no lost write and no duplicate or lost sync`, async () => {
    const report = await runLoad(options);
    process.stdout.write(`LOAD ${JSON.stringify(report)}\n`);
    expect(report.problems).toEqual([]);
    expect(report.lost).toEqual([]);
    expect(failures(report)).toEqual([]);
    // The load did what it is meant to: every kind of write acknowledged, races decided, the lease handed over.
    expect(report.acknowledged.checkIns).toBeGreaterThan(0);
    expect(report.acknowledged.goalsCreated).toBeGreaterThan(0);
    expect(report.acknowledged.progressUpdates).toBeGreaterThan(0);
    expect(report.acknowledged.notionEdits).toBeGreaterThan(0);
    expect(report.raceConflicts).toBe(report.races);
    expect(report.races).toBeGreaterThan(0);
    expect(report.notion.handOvers).toHaveLength(1);
    // Read-your-write across instances was exercised (a page that never caught up is a problem above).
    expect(report.freshness.reads).toBe(report.acknowledged.progressUpdates - report.raceConflicts);
  }, 900_000);
});
