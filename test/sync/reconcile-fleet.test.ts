import { CreateCalendarDocument } from '../../client/operations';
import { freshApp } from '../helpers/fixtures';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { stacksStoppedAfterEach } from '../helpers/test-stack';
import { GET_BY_CALENDAR, feed, sweepCount, waitFor } from './reconcile-helpers';

const startStack = stacksStoppedAfterEach();
const INTERVAL_MS = 500;

describeWithRedis('reconciliation in a fleet sharing Redis', () => {
  it('runs one sweep per interval across two instances, from one shared view of the calendars', async () => {
    const app = freshApp();
    const emulator = await startStack.emulator({ apps: [app] });
    const options = { sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL, reconcileIntervalMs: INTERVAL_MS } };
    const a = await startStack(options);
    const b = await startStack(options);
    const calendarId = (await a.graphql(CreateCalendarDocument, { input: { summary: 'Rooms', color: '#112233' } })).data!.createCalendar.calendar.id;
    await waitFor('the first sweep of the calendar', () => emulator.callCount(GET_BY_CALENDAR) >= 1);
    const started = Date.now();
    const before = emulator.callCount(GET_BY_CALENDAR);
    await waitFor('six more sweeps', () => emulator.callCount(GET_BY_CALENDAR) >= before + 6);
    const elapsed = Date.now() - started;
    const calls = emulator.callCount(GET_BY_CALENDAR) - before;
    // Two sweeps of the fleet start at least 0.9 interval apart; each instance alone would sweep every interval.
    expect(calls).toBeLessThanOrEqual(Math.floor(elapsed / (INTERVAL_MS * 0.9)) + 1);
    expect((await sweepCount(a, 'skipped')) + (await sweepCount(b, 'skipped'))).toBeGreaterThan(0);

    // The calendar made through one instance, changed silently, is found by whichever sweeps next, once,
    // in the feed both instances share.
    const [created] = emulator.seedSchedules(calendarId, 1);
    const fromWeCom = async (stack: typeof a) => (await feed(stack)).filter((change) => change.source === 'WECOM');
    await waitFor('the creation in the shared feed', async () => (await fromWeCom(a)).length === 1);
    const sweepsSoFar = emulator.callCount(GET_BY_CALENDAR);
    await waitFor('two more sweeps', () => emulator.callCount(GET_BY_CALENDAR) >= sweepsSoFar + 2);
    for (const stack of [a, b]) {
      expect((await fromWeCom(stack)).map((change) => [change.kind, change.scheduleId, change.userId])).toEqual([['SCHEDULE_CREATED', created, null]]);
    }
  });
});
