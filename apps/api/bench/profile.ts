// CPU profile of the bench server under one scenario: `node --import tsx bench/profile.ts <sqlite|postgres> <read|write> [seconds]`.
// Prints self time by function and by package, and inclusive time of the API's own functions (V8 sampling, 100 µs).
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cannon, children, type Engine, engineDatabase, scenarios, startChild } from './harness.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const engine = (process.argv[2] ?? 'sqlite') as Engine;
const which = (process.argv[3] ?? 'read') as 'read' | 'write' | 'bare' | 'bareSized';
const seconds = Number(process.argv[4] ?? 10);
const TOP = Number(process.env.TOP ?? 40);

/** `pkg` for node_modules files, `api:`/`store:`/`core:` paths for ours, `node:` internals, else the V8 category. */
function where(url: string): string {
  const pnpm = /node_modules\/\.pnpm\/([^/]+)\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm) return pnpm[2] as string;
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (mod) return mod[1] as string;
  const ours = /\/(apps\/api|packages\/store|packages\/core)\/(.*)$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (url.startsWith('node:')) return url;
  return url === '' ? '(native)' : url;
}

function summarise(profile: CpuProfile, requests: number): void {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfByFn = new Map<string, number>();
  const selfByPkg = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += dt;
      return;
    }
    total += dt;
    const pkg = where(url);
    const fn = `${functionName || '(anonymous)'} ${pkg}:${lineNumber + 1}`;
    selfByFn.set(fn, (selfByFn.get(fn) ?? 0) + dt);
    const pkgKey =
      pkg.startsWith('apps/') || pkg.startsWith('packages/') ? pkg.split('/').slice(0, 2).join('/') : pkg;
    selfByPkg.set(pkgKey, (selfByPkg.get(pkgKey) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const frame = byId.get(n)?.callFrame;
      if (!frame) break;
      const f = where(frame.url);
      if (!(f.startsWith('apps/') || f.startsWith('packages/'))) continue;
      const key = `${frame.functionName || '(anonymous)'} ${f}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const per = (us: number) => (requests > 0 ? `${(us / requests).toFixed(1)} µs/req` : '');
  const pct = (us: number) => `${((us / total) * 100).toFixed(1)}%`.padStart(6);
  const wall = profile.endTime - profile.startTime;
  console.log(
    `busy ${(total / 1000).toFixed(0)} ms of ${(wall / 1000).toFixed(0)} ms (idle ${(idle / 1000).toFixed(0)} ms); ${requests} requests → ${per(total)} of CPU`,
  );
  const top = (title: string, m: Map<string, number>, n: number) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n))
      console.log(`${pct(v)} ${per(v).padStart(14)}  ${k}`);
  };
  top('self time by package', selfByPkg, 25);
  top('self time by function', selfByFn, TOP);
  top('inclusive time, our functions', inclusive, TOP);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'perfloop-profile-'));
  const { settings, args, cleanup } = await engineDatabase(engine);
  const child = startChild(engine, settings, [...args, '--profile', dir]);
  try {
    const ready = await child.ready;
    const s = scenarios(ready)[which];
    await cannon(s, 3);
    const next = (prefix: string) =>
      new Promise<string>((resolve) =>
        child.onLine((line) => {
          if (line.startsWith(prefix)) resolve(line.slice(prefix.length).trim());
        }),
      );
    const started = next('PROFILING');
    child.process.kill('SIGUSR2');
    await started;
    const run = await cannon(s, seconds);
    const written = next('PROFILE ');
    child.process.kill('SIGUSR2');
    const file = await written;
    child.onLine(undefined);
    console.log(
      `${engine} ${which}: ${run.rps} rps, ${run.cpuUsPerReq} CPU µs/req, ${run.txPerCommit ?? '-'} tx/commit, p99 ${run.p99ms} ms, non-2xx ${run.non2xx}; profile ${file}`,
    );
    summarise(JSON.parse(await readFile(file, 'utf8')) as CpuProfile, run.requests);
  } finally {
    await child.stop();
    await cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `profile failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
});
