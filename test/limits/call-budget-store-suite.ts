import { CallBudgetStore, Clock, TakeRequest } from '../../src/limits/call-budget-store';

/** A clock the test moves by hand. */
export function manualClock(start = 1_000_000): { clock: Clock; set(ms: number): void; advance(ms: number): void } {
  let now = start;
  return { clock: () => now, set: (ms) => void (now = ms), advance: (ms) => void (now += ms) };
}

/**
 * One suite, every store (the keyv @keyv/test-suite pattern): each store must keep the same contract.
 * `createStore(clock?)` gives a fresh, empty store; without a clock it runs on real time.
 */
export function callBudgetStoreSuite(createStore: (clock?: Clock) => CallBudgetStore | Promise<CallBudgetStore>): void {
  const WINDOW = 10_000;
  const request = (limit: number, key = 'api', extra: TakeRequest['windows'] = []): TakeRequest => ({
    blockKey: `${key}:block`,
    windows: [{ key: `${key}:calls`, limit }, ...extra],
    windowMs: WINDOW,
  });

  it('grants up to the limit within the window, then refuses until the oldest unit leaves it', async () => {
    const time = manualClock();
    const store = await createStore(time.clock);
    for (let i = 0; i < 3; i++) {
      expect(await store.take(request(3))).toEqual({ granted: true });
      time.advance(1000);
    }
    // Units at t0, t0+1 s, t0+2 s; now t0+3 s: the first leaves at t0+10 s.
    expect(await store.take(request(3))).toEqual({ granted: false, retryAfterMs: 7000, refusedBy: 0 });
    time.advance(6999);
    expect((await store.take(request(3))).granted).toBe(false);
    time.advance(1);
    expect(await store.take(request(3))).toEqual({ granted: true });
    expect((await store.take(request(3))).granted).toBe(false);
  });

  it('never lets more than the limit through in any window-long interval, across a boundary too', async () => {
    const time = manualClock(0);
    const store = await createStore(time.clock);
    const limit = 5;
    // A burst at the end of one "fixed window" and a second burst at the start of the next: a fixed
    // window counter would let 2x through within a few ms; a sliding window lets none of the second.
    time.set(WINDOW - 10);
    for (let i = 0; i < limit; i++) expect((await store.take(request(limit))).granted).toBe(true);
    time.set(WINDOW + 10);
    for (let i = 0; i < limit; i++) expect((await store.take(request(limit))).granted).toBe(false);

    // Then pseudo-random arrivals over five windows: count what was granted in every window-long interval.
    const granted: number[] = [];
    let seed = 7;
    for (let t = 2 * WINDOW; t < 7 * WINDOW; t += 1 + ((seed = (seed * 48271) % 2147483647) % 700)) {
      time.set(t);
      if ((await store.take(request(limit))).granted) granted.push(t);
    }
    expect(granted.length).toBeGreaterThan(limit * 4); // the budget is used, not starved
    for (const start of granted) {
      const inInterval = granted.filter((t) => t >= start && t < start + WINDOW).length;
      expect(inInterval).toBeLessThanOrEqual(limit);
    }
  });

  it('takes a unit from every window or from none, and names the full one', async () => {
    const time = manualClock();
    const store = await createStore(time.clock);
    const withShare = (caller: string) => request(3, 'api', [{ key: `api:caller:${caller}`, limit: 2 }]);
    expect((await store.take(withShare('a'))).granted).toBe(true);
    expect((await store.take(withShare('a'))).granted).toBe(true);
    // a's share is full: refused by window 1, and the fleet's unit is not taken.
    expect(await store.take(withShare('a'))).toMatchObject({ granted: false, refusedBy: 1 });
    expect((await store.take(withShare('b'))).granted).toBe(true);
    // The fleet (3) is now full: b is refused by window 0 although its share has room, and keeps it.
    expect(await store.take(withShare('b'))).toMatchObject({ granted: false, refusedBy: 0 });
    time.advance(WINDOW);
    expect((await store.take(withShare('b'))).granted).toBe(true);
    expect((await store.take(withShare('b'))).granted).toBe(true);
  });

  it('keeps separate keys apart', async () => {
    const store = await createStore(manualClock().clock);
    expect((await store.take(request(1, 'one'))).granted).toBe(true);
    expect((await store.take(request(1, 'one'))).granted).toBe(false);
    expect((await store.take(request(1, 'two'))).granted).toBe(true);
  });

  it('refuses everything while a block lasts, saying how long is left, and nothing after it', async () => {
    const store = await createStore(); // blocks run on real time in every store
    await store.block('api:block', 300);
    const during = await store.take(request(100));
    expect(during).toMatchObject({ granted: false, refusedBy: 'block' });
    if (during.granted) throw new Error('unreachable');
    expect(during.retryAfterMs).toBeGreaterThan(100);
    expect(during.retryAfterMs).toBeLessThanOrEqual(300);
    expect((await store.take(request(100, 'other'))).granted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await store.take(request(100))).toEqual({ granted: true });
  });

  it('counts on its own clock when none is given', async () => {
    const store = await createStore();
    expect((await store.take(request(2))).granted).toBe(true);
    expect((await store.take(request(2))).granted).toBe(true);
    const third = await store.take(request(2));
    expect(third).toMatchObject({ granted: false, refusedBy: 0 });
    if (third.granted) throw new Error('unreachable');
    expect(third.retryAfterMs).toBeGreaterThan(WINDOW - 1000);
    expect(third.retryAfterMs).toBeLessThanOrEqual(WINDOW);
  });
}
