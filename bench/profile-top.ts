import { readFileSync } from 'node:fs';

/**
 * `npx ts-node bench/profile-top.ts <file.cpuprofile> [n]`: the functions with the most self time in a
 * V8 CPU profile (as written by `node --cpu-prof`, e.g. by `BENCH_CPU_PROF=1 npm run bench`), and the
 * same grouped by package or source directory. Shares are of busy time (idle left out).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function main(): void {
  const [file, n = '25'] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [n]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  // Shares are of the time the process was busy: '(idle)' (waiting on I/O, or no load) is left out.
  const idleUs = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) - idleUs;

  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byModule.set(moduleOf(frame.url, frame.functionName), (byModule.get(moduleOf(frame.url, frame.functionName)) ?? 0) + us);
  }
  const print = (title: string, entries: Map<string, number>, limit: number) => {
    process.stdout.write(`\n${title}: share of ${(total / 1e6).toFixed(1)} s busy (${(idleUs / 1e6).toFixed(1)} s idle left out)\n`);
    for (const [name, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
      process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}\n`);
    }
  };
  print('Self time by function', byFunction, Number(n));
  print('Self time by package / source directory', byModule, 20);
}

/** node_modules/<pkg>/… as ~/<pkg>/…; the project's own files as dist/… or src/…. */
function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  return path.includes('/node_modules/') ? path.replace(/^.*\/node_modules\//, '~/') : path.replace(/^.*\/(dist|src)\//, '$1/');
}

function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'node: internals';
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const own = /\/(dist|src)\/([^/]+)/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

main();
