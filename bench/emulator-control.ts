import { join } from 'node:path';
import type { EmulatorApp } from '../src/emulator/app-identity';
import { COUNTED_PATHS, CallTotals, DeliveryStats, DriveResult, EmulatorCommand, EmulatorCommandBody, EmulatorReady, EmulatorReply } from './child-protocol';
import { Child, cpuTicks, firstMessage, forkChild } from './processes';
import { BUILD_DIR } from './paths';

/** The orchestrator's handle on the emulator child process. */
export class EmulatorControl {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: EmulatorReply) => void>();

  private constructor(
    readonly child: Child,
    readonly baseUrl: string,
  ) {
    child.process.on('message', (message: unknown) => {
      if (!isReply(message)) return;
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  /** `app`: the one app the emulator knows. @default the demo app */
  static async start(app?: EmulatorApp): Promise<EmulatorControl> {
    const env = { ...process.env, NODE_ENV: 'production', ...(app ? { BENCH_EMULATOR_APP: JSON.stringify(app) } : {}) };
    const child = forkChild('emulator', join(BUILD_DIR, 'bench', 'emulator-process.js'), env);
    const ready = await firstMessage(child, isReady);
    return new EmulatorControl(child, ready.baseUrl);
  }

  async setLatency(ms: number): Promise<void> {
    await this.send({ cmd: 'setLatency', ms });
  }

  /** Saves the app's callback settings and answers whether the URL verification (GET with echostr) passed. */
  async setCallback(url: string, token: string, encodingAesKey: string): Promise<boolean> {
    return (await this.send({ cmd: 'setCallback', url, token, encodingAesKey })).result?.verified === true;
  }

  /** `count` schedules in a new calendar of the app, straight in the store. */
  async seedSchedules(count: number): Promise<string[]> {
    return (await this.send({ cmd: 'seedSchedules', count })).result?.scheduleIds ?? [];
  }

  /** `count` modify_schedule actions as a WeCom user at `ratePerSec`, paced in the emulator; resolves when the last is made. */
  async drive(scheduleIds: string[], label: string, ratePerSec: number, count: number, record = false): Promise<DriveResult> {
    const result = (await this.send({ cmd: 'drive', scheduleIds, label, ratePerSec, count, record })).result?.drive;
    if (!result) throw new Error('drive: no result');
    return result;
  }

  /**
   * WeCom's frequency limit from now on (src/emulator/api-quota.ts): past `perMinute` calls of one API by
   * the corp within any 60 s, 45009, and the API stays blocked for the corp for `blockMs`. Counts start afresh.
   */
  async setApiQuota(perMinute: number, blockMs = 60_000): Promise<void> {
    await this.send({ cmd: 'setApiQuota', perMinute, blockMs });
  }

  /** How many calls the emulator answered 45009 since the quota was last set. */
  async quotaRefusals(): Promise<number> {
    return (await this.send({ cmd: 'quotaRefusals' })).result?.quotaRefusals ?? 0;
  }

  async deliveries(fromId: number): Promise<DeliveryStats> {
    const result = (await this.send({ cmd: 'deliveries', fromId })).result?.deliveries;
    if (!result) throw new Error('deliveries: no result');
    return result;
  }

  async totals(): Promise<CallTotals> {
    return (await this.send({ cmd: 'totals' })).totals;
  }

  /**
   * Waits until the emulator and the `busy` processes are idle: no WeCom call arrived and none of them
   * used more than a tick of CPU for `quietPolls` polls in a row. The target then has finished the
   * operations the load generator abandoned when it stopped, and the next measurement starts clean.
   * Answers the totals.
   */
  async settledTotals(busy: number[] = [], quietPolls = 3, timeoutMs = 120_000): Promise<CallTotals> {
    const pids = [this.child.pid, ...busy];
    const started = Date.now();
    let last = await this.totals();
    let lastTicks = pids.map(cpuTicks);
    let quiet = 0;
    while (Date.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = await this.totals();
      const ticks = pids.map(cpuTicks);
      const idle = sum(now) === sum(last) && ticks.every((t, i) => t === undefined || (t - (lastTicks[i] ?? t)) <= 1);
      quiet = idle ? quiet + 1 : 0;
      last = now;
      lastTicks = ticks;
      if (quiet >= quietPolls) return now;
    }
    return last;
  }

  stop(): Promise<void> {
    return this.child.stop();
  }

  private send(command: EmulatorCommandBody): Promise<EmulatorReply> {
    const id = this.nextId++;
    return new Promise<EmulatorReply>((resolve, reject) => {
      this.pending.set(id, (reply) => (reply.error ? reject(new Error(`emulator ${command.cmd}: ${reply.error}`)) : resolve(reply)));
      const message: EmulatorCommand = { ...command, id };
      this.child.process.send(message, (error) => {
        if (error) {
          this.pending.delete(id);
          reject(error);
        }
      });
    });
  }
}

export function sum(totals: CallTotals): number {
  return COUNTED_PATHS.reduce((acc, path) => acc + totals[path], 0);
}

/** after - before, per path. */
export function difference(after: CallTotals, before: CallTotals): CallTotals {
  return Object.fromEntries(COUNTED_PATHS.map((path) => [path, after[path] - before[path]])) as CallTotals;
}

function isReady(message: unknown): message is EmulatorReady {
  return (message as EmulatorReady | undefined)?.type === 'ready';
}

function isReply(message: unknown): message is EmulatorReply {
  return (message as EmulatorReply | undefined)?.type === 'reply';
}
