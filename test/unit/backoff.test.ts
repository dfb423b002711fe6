import { BackoffOptions, DEFAULT_BACKOFF, backoffDelayMs } from '../../src/http/backoff';
import { deadlineIn, sleepWithin } from '../../src/http/deadline';

describe('backoffDelayMs', () => {
  const options: BackoffOptions = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 2000 };

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1600],
  ])('keeps attempt %p between half its bound and its bound (%p ms)', (attempt, bound) => {
    expect(backoffDelayMs(attempt, options, () => 0)).toBe(bound / 2);
    expect(backoffDelayMs(attempt, options, () => 0.5)).toBe((bound * 3) / 4);
    const nearlyOne = backoffDelayMs(attempt, options, () => 0.999999);
    expect(nearlyOne).toBeLessThanOrEqual(bound);
    expect(nearlyOne).toBeGreaterThan(bound * 0.99);
  });

  it.each([6, 7, 20, 60])('caps attempt %p at maxDelayMs', (attempt) => {
    expect(backoffDelayMs(attempt, options, () => 0.999999)).toBeLessThanOrEqual(options.maxDelayMs);
    expect(backoffDelayMs(attempt, options, () => 0)).toBe(options.maxDelayMs / 2);
  });

  it('spreads callers apart with the random part (jitter)', () => {
    expect(backoffDelayMs(3, options, () => 0.1)).not.toBe(backoffDelayMs(3, options, () => 0.9));
  });

  it('uses Math.random by default and stays within bounds', () => {
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelayMs(2, DEFAULT_BACKOFF);
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(200);
    }
  });
});

describe('sleepWithin', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function settled<T>(promise: Promise<T>): { value?: T; done: boolean } {
    const state: { value?: T; done: boolean } = { done: false };
    void promise.then((value) => {
      state.value = value;
      state.done = true;
    });
    return state;
  }

  it('waits the full delay and resolves true when the deadline is further away', async () => {
    const state = settled(sleepWithin(100, deadlineIn(1000)));
    await jest.advanceTimersByTimeAsync(99);
    expect(state.done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(state).toEqual({ done: true, value: true });
  });

  it('does not wait at all when the deadline would come first: resolves false at once', async () => {
    const state = settled(sleepWithin(5000, deadlineIn(300)));
    await jest.advanceTimersByTimeAsync(0);
    expect(state).toEqual({ done: true, value: false });
  });

  it('resolves false at once when the deadline has already passed', async () => {
    const state = settled(sleepWithin(1000, Date.now() - 10));
    await jest.advanceTimersByTimeAsync(0);
    expect(state).toEqual({ done: true, value: false });
  });
});

describe('sleepWithin with real timers', () => {
  it('returns by the deadline, not after the requested delay', async () => {
    const started = Date.now();
    const waited = await sleepWithin(10_000, deadlineIn(50));
    expect(waited).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
