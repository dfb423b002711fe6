import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpuTicks } from './processes';

/** CPU time of the whole machine and of the benchmark's own processes, in clock ticks (1/100 s). */
export interface CpuSnapshot {
  machineBusy: number;
  machineTotal: number;
  ours: number;
}

/** `pids`: the benchmark's children; this process is added. */
export function cpuSnapshot(pids: number[]): CpuSnapshot {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = fields[3] + fields[4];
  const self = process.cpuUsage();
  const children = pids.map((pid) => cpuTicks(pid) ?? 0).reduce((a, b) => a + b, 0);
  return { machineBusy: total - idle, machineTotal: total, ours: children + (self.user + self.system) / 10_000 };
}

/** Share of the machine's CPU capacity used by other processes between two snapshots (0..1). */
export function foreignCpuShare(before: CpuSnapshot, after: CpuSnapshot): number {
  const total = after.machineTotal - before.machineTotal;
  if (total <= 0) return 0;
  const foreign = after.machineBusy - before.machineBusy - (after.ours - before.ours);
  return Math.max(0, foreign / total);
}

/** The commit and whether the working tree differs from it (others may be editing while it runs). */
export function sourceRevision(cwd: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} with uncommitted changes in src/` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
