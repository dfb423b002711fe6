import DataLoader from 'dataloader';
import { MemoryLockStore } from '../../src/coordination/lock-memory-store';
import { createResourceLock } from '../../src/coordination/lock-resource';
import { Calendar } from '../../src/domain/calendar';
import { Schedule, ScheduleStatus } from '../../src/domain/schedule';
import { createLogger } from '../../src/logger';
import { ChangeKind, ChangeSource } from '../../src/sync/change';
import { ChangeRecorder } from '../../src/sync/change-recorder';
import { MemoryChangeFeedStore } from '../../src/sync/feed/memory-change-feed-store';

const logger = createLogger({ level: 'silent', secrets: [] });

function schedule(summary: string, status = ScheduleStatus.ACTIVE): Schedule {
  return {
    id: 's1', calendarId: 'c1', status, admins: [], attendees: [], summary, description: null, location: null,
    startTime: new Date('2026-12-01T02:00:00Z'), endTime: new Date('2026-12-01T03:00:00Z'), isWholeDay: false,
    reminders: null, excludedOccurrenceStarts: [], sequence: null,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A recorder over the real memory feed and lock store; WeCom's answers are supplied by each test. */
function recorderWith(readSchedule: (id: string) => Promise<Schedule | null>) {
  const store = new MemoryChangeFeedStore();
  const recorder = new ChangeRecorder({
    store,
    locks: createResourceLock({ store: new MemoryLockStore(), appKey: 'app', waitMs: 5_000 }),
    readers: {
      schedules: new DataLoader<string, Schedule | null>(async (ids) => Promise.all(ids.map(readSchedule)), { cache: false }),
      calendars: new DataLoader<string, Calendar | null>(async (ids) => ids.map(() => null), { cache: false }),
    },
    logger,
  });
  return { store, recorder };
}

describe('ChangeRecorder', () => {
  it('records two writes of one schedule in the order they were recorded, even when the first read-back finishes last', async () => {
    const { store, recorder } = recorderWith(async () => null);
    const slowFirst = deferred<Schedule>();
    const writes = recorder.forCaller('booking');
    const read = (state: Promise<Schedule>) => async () => {
      const schedule = await state;
      return { answer: schedule, state: { schedule } };
    };
    const first = writes.record({ kind: ChangeKind.SCHEDULE_UPDATED, scheduleId: 's1' }, read(slowFirst.promise));
    await new Promise((resolve) => setImmediate(resolve)); // the first holds the feed lock
    const second = writes.record({ kind: ChangeKind.SCHEDULE_UPDATED, scheduleId: 's1' }, read(Promise.resolve(schedule('newer'))));
    await new Promise((resolve) => setTimeout(resolve, 20));
    slowFirst.resolve(schedule('older'));
    await Promise.all([first, second]);
    const recorded = await store.read(null, 10);
    // The newer state is the last one recorded: a client following the feed ends at WeCom's state.
    expect(recorded.map((change) => change.schedule?.summary)).toEqual(['older', 'newer']);
  });

  it('records what WeCom holds when told of a change, dropping a state equal to the last one recorded', async () => {
    let stored: Schedule | null = schedule('v1');
    const { store, recorder } = recorderWith(async () => stored);
    const origin = { source: ChangeSource.WECOM as const, userId: 'zhangsan' };
    expect(await recorder.recordObserved({ kind: ChangeKind.SCHEDULE_UPDATED, scheduleId: 's1', origin })).not.toBeNull();
    expect(await recorder.recordObserved({ kind: ChangeKind.SCHEDULE_UPDATED, scheduleId: 's1', origin })).toBeNull();
    stored = schedule('v1', ScheduleStatus.CANCELLED);
    const deleted = await recorder.recordObserved({ kind: ChangeKind.SCHEDULE_UPDATED, scheduleId: 's1', origin });
    expect(deleted).toMatchObject({ kind: ChangeKind.SCHEDULE_DELETED, calendarId: 'c1', userId: 'zhangsan', source: ChangeSource.WECOM, caller: null });
    // Gone from WeCom altogether is the same deleted state: no second entry.
    stored = null;
    expect(await recorder.recordObserved({ kind: ChangeKind.SCHEDULE_DELETED, scheduleId: 's1', origin })).toBeNull();
    expect((await store.read(null, 10)).map((change) => change.kind)).toEqual([ChangeKind.SCHEDULE_UPDATED, ChangeKind.SCHEDULE_DELETED]);
  });

  it('never fails a write whose recording fails: the read-back is still the answer', async () => {
    const { recorder } = recorderWith(async () => null);
    const result = await recorder
      .forCaller('booking')
      .record({ kind: ChangeKind.SCHEDULE_UPDATED, scheduleId: null }, async () => ({ answer: schedule('answer'), state: { schedule: schedule('answer') } }));
    expect(result.summary).toBe('answer');
  });

  it('does not record a write whose state WeCom did not give (a failed read-back), so a newer state recorded meanwhile stays last', async () => {
    let stored: Schedule | null = schedule('B, moved in WeCom');
    const { store, recorder } = recorderWith(async () => stored);
    // The caller wrote A; a person then moved it to B, and the callback recorded B.
    await recorder.recordObserved({ kind: ChangeKind.SCHEDULE_UPDATED, scheduleId: 's1', origin: { source: ChangeSource.WECOM, userId: 'zhangsan' } });
    // The caller's read-back failed: its answer is the write's own view, A.
    const answer = await recorder
      .forCaller('booking')
      .record({ kind: ChangeKind.SCHEDULE_UPDATED, scheduleId: 's1' }, async () => ({ answer: schedule('A, as written'), state: null }));
    expect(answer.summary).toBe('A, as written');
    expect((await store.read(null, 10)).map((change) => change.schedule?.summary)).toEqual(['B, moved in WeCom']);
    // Nor is "no schedule" after an update recorded as if it were a state.
    stored = null;
    await recorder.forCaller('booking').record({ kind: ChangeKind.SCHEDULE_UPDATED, scheduleId: 's1' }, async () => ({ answer: null, state: { schedule: null } }));
    expect((await store.read(null, 10)).length).toBe(1);
  });
});
