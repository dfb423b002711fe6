import { WeComAttempt, WeComSend } from '../../src/datasources/wecom/wecom-interceptor';
import { CircuitOpenError } from '../../src/errors/circuit-open-error';
import { WeComUnavailableError } from '../../src/errors/gateway-error';
import { RateLimitedError } from '../../src/errors/rate-limited-error';
import { WeComAnswer } from '../../src/http/wecom-http-client';
import { createLogger } from '../../src/logger';
import { WeComBreakers } from '../../src/resilience/wecom-breaker-interceptor';

/**
 * What the breaker takes for a failure, at the seam where WeComClient's attempts pass: the transport and
 * the budget further in are stand-ins for what they throw or answer (the HTTP behaviour is covered in
 * test/integration/circuit-breaker.test.ts).
 */

const logger = createLogger({ level: 'fatal', secrets: [] });
const API = 'oa/schedule/get';
const attempt = (deadline = Date.now() + 10_000): WeComAttempt => ({
  endpoint: API,
  body: {},
  kind: 'read',
  origin: { caller: 'hr' },
  deadline,
});

type Outcome = WeComAnswer | Error;

/** A breaker (threshold 2) around a `next` that plays the given outcomes in order; counts the calls let through. */
function breakerAround(outcomes: Outcome[], clock: () => number = Date.now) {
  const breakers = new WeComBreakers({ failureThreshold: 2, cooldownMs: 1000, clock, logger });
  let sent = 0;
  const next: WeComSend = async () => {
    const outcome = outcomes[sent++ % outcomes.length];
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  const send = breakers.interceptor()(next);
  const run = (a = attempt()) => send(a).then(
    (answer) => answer,
    (error: unknown) => error,
  );
  return { breakers, run, sent: () => sent };
}

describe('WeComBreakers: what counts as a failure', () => {
  it('counts errcode -1 (WeCom busy) and transport failures, and refuses with CircuitOpenError once open', async () => {
    const { breakers, run, sent } = breakerAround([{ errcode: -1 }, new WeComUnavailableError('timed out', API)]);
    await run();
    await run();
    expect(breakers.state(API)).toBe('open');
    const refusal = await run();
    expect(refusal).toBeInstanceOf(CircuitOpenError);
    expect(refusal).not.toBeInstanceOf(WeComUnavailableError); // so the client does not retry it
    expect(sent()).toBe(2);
  });

  it('takes any other errcode as WeCom answering: it resets the count of failures', async () => {
    const { breakers, run } = breakerAround([{ errcode: -1 }, { errcode: 90461 }]);
    for (let i = 0; i < 6; i++) await run();
    expect(breakers.state(API)).toBe('closed');
  });

  it('does not count a refusal further in (the call budget): nothing was sent', async () => {
    const { breakers, run } = breakerAround([new RateLimitedError('budget spent', 1000)]);
    for (let i = 0; i < 5; i++) expect(await run()).toBeInstanceOf(RateLimitedError);
    expect(breakers.state(API)).toBe('closed');
  });

  it('does not count an attempt whose deadline was spent before it was sent (the transport gives up unsent)', async () => {
    const timedOut = new WeComUnavailableError('timed out', API, { requestSent: false });
    const { breakers, run } = breakerAround([timedOut]);
    for (let i = 0; i < 5; i++) await run(attempt(Date.now() - 1));
    expect(breakers.state(API)).toBe('closed');
    await run();
    await run();
    expect(breakers.state(API)).toBe('open');
  });

  it('gives the half-open trial back when the budget refused it, so the next call may be the trial', async () => {
    let now = 0;
    const outcomes: Outcome[] = [{ errcode: -1 }, { errcode: -1 }, new RateLimitedError('budget spent', 1000), { errcode: 0 }];
    const { breakers, run, sent } = breakerAround(outcomes, () => now);
    await run();
    await run();
    now = 1000;
    expect(await run()).toBeInstanceOf(RateLimitedError);
    expect(await run()).toEqual({ errcode: 0 });
    expect(breakers.states()).toEqual({ [API]: 'closed' });
    expect(sent()).toBe(4);
  });
});
