import { DEMO_APP, EmulatorApp } from '../src/emulator/app-identity';
import { WeComEmulator } from '../src/emulator/wecom-emulator';
import { COUNTED_PATHS, CallTotals, DeliveryStats, DriveResult, EmulatorCommand, EmulatorReady, EmulatorReply } from './child-protocol';

/**
 * The WeCom emulator in its own process (forked by the orchestrator), so that neither the load
 * generator nor the target under test shares its event loop. Commands arrive over IPC.
 *
 * The emulator logs every call it receives; the log is folded into running totals twice a second and
 * cleared, so a long benchmark neither grows it without bound nor slows counting down.
 *
 * BENCH_EMULATOR_APP (JSON {corpId, corpSecret, agentId}) replaces the demo app: the sync suite uses a
 * fresh corp per run, so that its Redis keys (keyed by app) never meet an earlier run's.
 */
async function main(): Promise<void> {
  const app: EmulatorApp = process.env.BENCH_EMULATOR_APP ? (JSON.parse(process.env.BENCH_EMULATOR_APP) as EmulatorApp) : DEMO_APP;
  const emulator = await WeComEmulator.start({ host: '127.0.0.1', apps: [app] });
  const totals = Object.fromEntries(COUNTED_PATHS.map((path) => [path, 0])) as CallTotals;
  const fold = (): CallTotals => {
    for (const path of COUNTED_PATHS) totals[path] += emulator.callCount(path);
    emulator.resetCalls();
    return { ...totals };
  };
  setInterval(fold, 500).unref();
  const actor = new UserActor(emulator);
  const refusals = countQuotaRefusals(emulator);

  process.on('message', (message: EmulatorCommand) => {
    void (async () => {
      let result: EmulatorReply['result'];
      let error: string | undefined;
      try {
        result = await run(emulator, actor, refusals, message);
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
      }
      const reply: EmulatorReply = { type: 'reply', id: message.id, totals: fold(), result, error };
      process.send?.(reply);
    })();
  });
  process.once('disconnect', () => void emulator.close().finally(() => process.exit(0)));
  const ready: EmulatorReady = { type: 'ready', baseUrl: emulator.baseUrl };
  process.send?.(ready);
}

async function run(emulator: WeComEmulator, actor: UserActor, refusals: QuotaRefusals, message: EmulatorCommand): Promise<EmulatorReply['result']> {
  switch (message.cmd) {
    case 'setLatency':
      emulator.setLatency(message.ms);
      return undefined;
    case 'totals':
      return undefined;
    case 'setCallback':
      emulator.setCallback({ url: message.url, token: message.token, encodingAesKey: message.encodingAesKey });
      return { verified: await emulator.verifyCallbackUrl() };
    case 'seedSchedules':
      return { scheduleIds: emulator.seedSchedules(emulator.addCalendar(), message.count) };
    case 'drive':
      return { drive: await actor.drive(message.scheduleIds, message.label, message.ratePerSec, message.count, message.record) };
    case 'deliveries':
      return { deliveries: deliveryStats(emulator, message.fromId) };
    case 'setApiQuota':
      emulator.setApiQuota({ perMinute: message.perMinute, blockMs: message.blockMs });
      refusals.count = 0;
      return undefined;
    case 'quotaRefusals':
      return { quotaRefusals: refusals.count };
  }
}

interface QuotaRefusals {
  count: number;
}

/**
 * Counts the emulator's 45009 answers. The emulator keeps no such count (its call log records each call
 * before the quota is asked), so the bench wraps its quota's `admit`, which throws exactly when the
 * answer is 45009. Bench-only: it reaches into a private field, checked here so a rename fails loudly.
 */
function countQuotaRefusals(emulator: WeComEmulator): QuotaRefusals {
  const refusals: QuotaRefusals = { count: 0 };
  const quota = (emulator as unknown as { quota?: { admit?: (corpId: string, path: string) => void } }).quota;
  const admit = quota?.admit;
  if (!quota || typeof admit !== 'function') throw new Error('WeComEmulator has no quota.admit to count 45009 answers with');
  quota.admit = (corpId: string, path: string) => {
    try {
      admit.call(quota, corpId, path);
    } catch (error) {
      refusals.count += 1;
      throw error;
    }
  };
  return refusals;
}

/**
 * A person editing schedules in the WeCom app at a steady rate (modify_schedule), paced here, in the
 * emulator's process, so that no IPC message per action sits between the change and its callback. Each
 * summary carries the emulator's wall clock at the change (`<label> <n> @<Date.now()>`): the subscriber,
 * another process on the same machine, subtracts it from its own Date.now() at receipt.
 */
class UserActor {
  /** Round robin over the seeded schedules, continued across drives: a schedule is edited again only after all others. */
  private next = 0;

  constructor(private readonly emulator: WeComEmulator) {}

  /** `record`: answer every change's time too (the quota suite matches reads against them). */
  async drive(scheduleIds: string[], label: string, ratePerSec: number, count: number, record = false): Promise<DriveResult> {
    const started = Date.now();
    const result: DriveResult = { actions: 0, errors: 0, firstAt: 0, lastAt: 0, maxLagMs: 0, firstDeliveryId: 0 };
    if (record) {
      result.changedAt = [];
      result.firstIndex = this.next % scheduleIds.length;
    }
    while (result.actions < count) {
      const due = Math.min(count, Math.floor(((Date.now() - started) * ratePerSec) / 1000) + 1);
      while (result.actions < due) {
        const n = result.actions++;
        const now = Date.now();
        result.maxLagMs = Math.max(result.maxLagMs, now - (started + (n * 1000) / ratePerSec));
        try {
          const scheduleId = scheduleIds[this.next++ % scheduleIds.length];
          const done = this.emulator.modifyScheduleAsUser({ scheduleId, summary: `${label} ${n} @${now}` });
          if (n === 0) result.firstDeliveryId = done.deliveryId ?? 0;
        } catch {
          result.errors += 1;
        }
        if (n === 0) result.firstAt = now;
        result.lastAt = now;
        result.changedAt?.push(now);
      }
      const wait = started + (result.actions * 1000) / ratePerSec - Date.now();
      if (result.actions < count) await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait)));
    }
    return result;
  }
}

function deliveryStats(emulator: WeComEmulator, fromId: number): DeliveryStats {
  const stats: DeliveryStats = { logged: 0, delivered: 0, pending: 0, gaveUp: 0, retries: 0 };
  for (const delivery of emulator.callbackDeliveries()) {
    if (delivery.id < fromId) continue;
    stats.logged += 1;
    if (delivery.state === 'delivered') stats.delivered += 1;
    else if (delivery.state === 'pending') stats.pending += 1;
    else stats.gaveUp += 1;
    stats.retries += Math.max(0, delivery.attempts.length - 1);
  }
  return stats;
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator failed to start: ${String(error)}\n`);
  process.exit(1);
});
