import { request } from 'undici';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { startTestStack } from '../helpers/test-stack';
import { GET_BY_CALENDAR, sweepCount, waitFor } from './reconcile-helpers';

// What one sweep costs in WeCom calls (not part of the suite):
//   npx jest --testMatch '**/reconcile-cost.bench.ts'
it('measures a sweep', async () => {
  for (const [calendars, perCalendar, created] of [[100, 10, 0], [20, 2500, 0], [20, 2500, 500]] as const) {
    const emulator = await WeComEmulator.start();
    const ids = Array.from({ length: calendars }, () => emulator.addCalendar());
    for (const id of ids) emulator.seedSchedules(id, perCalendar);
    const stack = await startTestStack({ sharedEmulator: emulator, gateway: { reconcileIntervalMs: 3000, calendarIds: ids } });
    await waitFor('the baseline', async () => (await sweepCount(stack, 'completed')) >= 1, 120_000);
    emulator.resetCalls();
    emulator.seedSchedules(ids[0], created);
    await waitFor('the next sweep', async () => (await sweepCount(stack, 'completed')) >= 2, 120_000);
    const metrics = await (await request(`http://127.0.0.1:${stack.gateway.port}/metrics`)).body.text();
    const sum = Number(/reconcile_sweep_duration_seconds_sum\{outcome="completed"\} (\S+)/.exec(metrics)![1]);
    // eslint-disable-next-line no-console
    console.log(JSON.stringify({ calendars, perCalendar, created, meanSweepSeconds: (sum / 2).toFixed(2), getByCalendar: emulator.callCount(GET_BY_CALENDAR), scheduleGet: emulator.callCount('/cgi-bin/oa/schedule/get') }));
    await stack.stop();
    await emulator.close();
  }
}, 600_000);
