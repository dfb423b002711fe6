import { Admission, BreakerState, CircuitBreaker } from '../../src/resilience/circuit-breaker';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => void (now += ms) };
}

function breakerOn(clock: () => number, changes: BreakerState[] = []): CircuitBreaker {
  return new CircuitBreaker({ failureThreshold: 3, cooldownMs: 5000, clock, onStateChange: (state) => changes.push(state) });
}

function admitted(admission: Admission): { trial: boolean } {
  if (!admission.admitted) throw new Error(`expected the call to be admitted, it was refused for ${admission.retryAfterMs} ms`);
  return admission;
}

function failTimes(breaker: CircuitBreaker, times: number): void {
  for (let i = 0; i < times; i++) breaker.recordFailure(admitted(breaker.admit()));
}

describe('CircuitBreaker (state machine on a stepped clock)', () => {
  it('opens after the threshold of consecutive failures and then refuses with the time left in the cool-down', () => {
    const time = manualClock();
    const breaker = breakerOn(time.clock);
    failTimes(breaker, 2);
    expect(breaker.state).toBe('closed');
    failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    time.advance(1200);
    expect(breaker.admit()).toEqual({ admitted: false, retryAfterMs: 3800 });
  });

  it('needs the failures in a row: a success in between starts the count afresh', () => {
    const time = manualClock();
    const breaker = breakerOn(time.clock);
    failTimes(breaker, 2);
    admitted(breaker.admit());
    breaker.recordSuccess();
    failTimes(breaker, 2);
    expect(breaker.state).toBe('closed');
    failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
  });

  it('after the cool-down lets exactly one trial through, refuses the others, and closes when the trial succeeds', () => {
    const time = manualClock();
    const changes: BreakerState[] = [];
    const breaker = breakerOn(time.clock, changes);
    failTimes(breaker, 3);
    time.advance(5000);
    expect(breaker.state).toBe('half-open');
    const trial = admitted(breaker.admit());
    expect(trial.trial).toBe(true);
    expect(breaker.admit()).toEqual({ admitted: false, retryAfterMs: 5000 });
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(admitted(breaker.admit()).trial).toBe(false);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again for a full cool-down when the trial fails', () => {
    const time = manualClock();
    const changes: BreakerState[] = [];
    const breaker = breakerOn(time.clock, changes);
    failTimes(breaker, 3);
    time.advance(5000);
    const trial = admitted(breaker.admit());
    time.advance(300);
    breaker.recordFailure(trial);
    expect(breaker.state).toBe('open');
    expect(breaker.admit()).toEqual({ admitted: false, retryAfterMs: 5000 });
    expect(changes).toEqual(['open', 'half-open', 'open']);
  });

  it('lets a new trial go when the previous one is still hanging after a cool-down, so a slow timeout does not delay recovery', () => {
    const time = manualClock();
    const breaker = breakerOn(time.clock);
    failTimes(breaker, 3);
    time.advance(5000);
    admitted(breaker.admit()); // hangs
    time.advance(4999);
    expect(breaker.admit().admitted).toBe(false);
    time.advance(1);
    const second = admitted(breaker.admit());
    expect(second.trial).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
  });

  it('ignores late failures of calls let through before it opened, but closes on their success (WeCom answered)', () => {
    const time = manualClock();
    const breaker = breakerOn(time.clock);
    const early = [admitted(breaker.admit()), admitted(breaker.admit())];
    failTimes(breaker, 3);
    time.advance(5000);
    breaker.recordFailure(early[0]); // not a trial: says nothing new
    expect(breaker.state).toBe('half-open');
    breaker.recordSuccess(); // early[1] answered
    expect(breaker.state).toBe('closed');
  });

  it('gives the trial slot back when the trial was never sent (refused further in)', () => {
    const time = manualClock();
    const breaker = breakerOn(time.clock);
    failTimes(breaker, 3);
    time.advance(5000);
    const trial = admitted(breaker.admit());
    breaker.recordNeutral(trial);
    expect(breaker.state).toBe('half-open');
    expect(admitted(breaker.admit()).trial).toBe(true);
  });

  it('does not count neutral outcomes as failures while closed', () => {
    const time = manualClock();
    const breaker = breakerOn(time.clock);
    for (let i = 0; i < 10; i++) breaker.recordNeutral(admitted(breaker.admit()));
    expect(breaker.state).toBe('closed');
  });

  it.each([
    [{ failureThreshold: 0, cooldownMs: 5000 }, 'failureThreshold'],
    [{ failureThreshold: 1.5, cooldownMs: 5000 }, 'failureThreshold'],
    [{ failureThreshold: 3, cooldownMs: 0 }, 'cooldownMs'],
  ])('rejects nonsensical options %j', (options, name) => {
    expect(() => new CircuitBreaker(options)).toThrow(name);
  });
});
