import { GetScheduleDocument } from '../../client/operations';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';
import { CONTRACT_CODES } from './soak-traffic';

/**
 * Issue 11 item 6: WeCom busy, slow, hanging, down, and back, driven through the emulator's controls, in front of
 * a gateway with a short WECOM_TIMEOUT_MS. During a fault every request answers within a bound with data or a
 * contract code (WECOM_UNAVAILABLE for an outage); afterwards reads succeed again within the contract's 5 s.
 * The bounds hold with or without a circuit breaker (which may answer faster, and recover after half-opening).
 */
const TIMEOUT_MS = 400;
/** A read may make a few attempts of TIMEOUT_MS each (retries of a read) plus a token fetch: well under this. */
const ANSWER_BOUND_MS = 5 * TIMEOUT_MS + 1500;
const RECOVERY_BOUND_MS = 5000;

describe('the gateway while WeCom is busy, slow, hanging or down, and after it is back', () => {
  let emulator: WeComEmulator;
  let stack: TestStack;
  let id = '';

  beforeAll(async () => {
    emulator = await WeComEmulator.start();
    stack = await startTestStack({ sharedEmulator: emulator, gateway: { wecomTimeoutMs: TIMEOUT_MS } });
    id = seedOne(emulator);
  });
  afterAll(async () => {
    await stack?.stop();
    await emulator?.close();
  });
  afterEach(() => {
    emulator.release();
    emulator.setLatency(0);
  });

  function seedOne(target: WeComEmulator): string {
    return target.seedSchedules(target.addCalendar(), 1)[0];
  }

  /** One read: how long it took, and its outcome ('data' or the first error code). */
  async function read(scheduleId = id): Promise<{ ms: number; outcome: string }> {
    const started = Date.now();
    const answer = await stack.graphql(GetScheduleDocument, { id: scheduleId });
    const ms = Date.now() - started;
    if (!answer.errors && answer.data?.schedule) return { ms, outcome: 'data' };
    for (const error of answer.errors ?? []) expect(CONTRACT_CODES).toContain(error.extensions?.code);
    return { ms, outcome: answer.errors?.[0]?.extensions?.code ?? 'none' };
  }

  /** Reads until one returns data; the time from `since` until then. */
  async function recoveryMs(since: number, scheduleId = id): Promise<number> {
    while (Date.now() - since < RECOVERY_BOUND_MS + ANSWER_BOUND_MS) {
      if ((await read(scheduleId)).outcome === 'data') return Date.now() - since;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('reads did not recover');
  }

  async function expectOutage(times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      const { ms, outcome } = await read();
      expect(outcome).toBe('WECOM_UNAVAILABLE');
      expect(ms).toBeLessThan(ANSWER_BOUND_MS);
    }
  }

  it('answers WECOM_UNAVAILABLE within the bound while WeCom is busy (-1), and reads succeed again within 5 s after', async () => {
    const busyAnswers = 8;
    const base = emulator.callCount(SCHEDULE_GET);
    emulator.failNext(SCHEDULE_GET, -1, busyAnswers);
    await expectOutage(1);
    // WeCom is back once its last busy answer went out: from then on, reads must succeed again.
    let back: number | undefined;
    for (let outcome = ''; outcome !== 'data'; ) {
      if (back !== undefined) expect(Date.now() - back).toBeLessThan(RECOVERY_BOUND_MS);
      const answer = await read();
      outcome = answer.outcome;
      expect(answer.ms).toBeLessThan(ANSWER_BOUND_MS);
      if (outcome !== 'data') expect(outcome).toBe('WECOM_UNAVAILABLE');
      if (back === undefined && emulator.callCount(SCHEDULE_GET) - base >= busyAnswers) back = Date.now();
      if (outcome !== 'data') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    log('busy (-1 eight times) then back', Date.now() - (back ?? Date.now()));
  });

  it('answers data under a latency below the timeout, WECOM_UNAVAILABLE over it, and data again within 5 s after', async () => {
    emulator.setLatency(TIMEOUT_MS / 3, SCHEDULE_GET);
    expect((await read()).outcome).toBe('data');
    emulator.setLatency(TIMEOUT_MS + 300, SCHEDULE_GET);
    await expectOutage(2);
    emulator.setLatency(0);
    const recovered = await recoveryMs(Date.now());
    log('slow (latency over the timeout) then back', recovered);
    expect(recovered).toBeLessThan(RECOVERY_BOUND_MS);
  });

  it('answers WECOM_UNAVAILABLE within the bound while WeCom hangs, and data again within 5 s of its release', async () => {
    emulator.hang(SCHEDULE_GET);
    await expectOutage(2);
    emulator.release();
    const recovered = await recoveryMs(Date.now());
    log('hanging then released', recovered);
    expect(recovered).toBeLessThan(RECOVERY_BOUND_MS);
  });

  it('answers WECOM_UNAVAILABLE within the bound while WeCom is down (connection refused), and data within 5 s of it listening again', async () => {
    const port = Number(new URL(emulator.baseUrl).port);
    await emulator.close();
    await expectOutage(3);
    emulator = await WeComEmulator.start({ port });
    const back = Date.now();
    // A WeCom with no memory of the gateway's token or schedules: the gateway must fetch a token again.
    const recovered = await recoveryMs(back, seedOne(emulator));
    log('down (closed) then listening again on the same port', recovered);
    expect(recovered).toBeLessThan(RECOVERY_BOUND_MS);
  });
});

function log(fault: string, ms: number): void {
  // eslint-disable-next-line no-console
  console.log(`recovery after WeCom ${fault}: ${ms} ms`);
}
