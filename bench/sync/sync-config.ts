/** Settings of the sync suite (bench/README.md, "Sync: callback to subscriber"). */
export interface SyncBenchConfig {
  /** Seconds each rate runs (BENCH_SYNC_DURATION, else BENCH_DURATION when set, else 10). */
  stepSec: number;
  /** WeCom-user actions per second, stepped up until one misses the deadline (BENCH_SYNC_RATES). */
  rates: number[];
  /** The moderate fixed rate whose delays are quoted on their own (BENCH_SYNC_FIXED_RATE). */
  fixedRate: number;
  /** Subscriber counts, each a run of its own (BENCH_SYNC_SUBSCRIBERS). */
  subscribers: number[];
  /** Schedules seeded; actions go round robin over them (BENCH_SYNC_SEED; at least 3 s of the highest rate). */
  seedCount: number;
  /** `auto`: the fleet setup when Redis answers at `redisUrl`; `on`: required; `off` (BENCH_SYNC_FLEET). */
  fleet: 'auto' | 'on' | 'off';
  /** Redis for the fleet setup (BENCH_SYNC_REDIS_URL). */
  redisUrl: string;
}

export function loadSyncBenchConfig(env: NodeJS.ProcessEnv = process.env): SyncBenchConfig {
  const rates = list(env.BENCH_SYNC_RATES, 'BENCH_SYNC_RATES', [10, 50, 100, 200, 400, 800, 1600, 2400, 3200]);
  const fallbackStep = env.BENCH_DURATION?.trim() ? number(env.BENCH_DURATION, 'BENCH_DURATION', 10, 1) : 10;
  const fleet = env.BENCH_SYNC_FLEET?.trim() || 'auto';
  if (fleet !== 'auto' && fleet !== 'on' && fleet !== 'off') throw new Error(`BENCH_SYNC_FLEET: "${fleet}" is not one of auto, on, off`);
  return {
    stepSec: number(env.BENCH_SYNC_DURATION, 'BENCH_SYNC_DURATION', fallbackStep, 1),
    rates: [...rates].sort((a, b) => a - b),
    fixedRate: number(env.BENCH_SYNC_FIXED_RATE, 'BENCH_SYNC_FIXED_RATE', 20, 1),
    subscribers: list(env.BENCH_SYNC_SUBSCRIBERS, 'BENCH_SYNC_SUBSCRIBERS', [1, 50]),
    seedCount: Math.max(number(env.BENCH_SYNC_SEED, 'BENCH_SYNC_SEED', 2000, 100), 3 * Math.max(...rates)),
    fleet,
    redisUrl: env.BENCH_SYNC_REDIS_URL?.trim() || 'redis://127.0.0.1:6379',
  };
}

function number(raw: string | undefined, name: string, fallback: number, min: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name}: expected a number >= ${min}, got "${raw}"`);
  return value;
}

function list(raw: string | undefined, name: string, fallback: number[]): number[] {
  if (raw === undefined || raw.trim() === '') return fallback;
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new Error(`${name}: empty list`);
  return items.map((item) => number(item, name, 0, 1));
}
