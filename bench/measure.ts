import autocannon from 'autocannon';
import type { CallTotals } from './child-protocol';
import { EmulatorControl, difference } from './emulator-control';
import type { RequestPlan } from './scenarios';

export interface LoadOptions {
  origin: string;
  plan: RequestPlan;
  concurrency: number;
  durationSec: number;
}

export interface LoadResult {
  /** Responses received (any status). */
  completed: number;
  /** Requests written; the target finishes the ones still in flight when the load stops. */
  sent: number;
  /** Non-2xx, mismatched bodies (GraphQL errors, WeCom errcodes), connection errors and timeouts. */
  errors: number;
  durationSec: number;
  /** Good responses per second. */
  rps: number;
  /** Latency of 2xx responses in ms (autocannon's own histogram has 1 ms resolution, so these are measured here). */
  p50: number;
  p99: number;
}

export interface Measurement extends LoadResult {
  /** WeCom calls during the load and until the target went quiet. */
  calls: CallTotals;
}

/** One autocannon run on loopback, keep-alive connections, one request in flight per connection. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { plan } = options;
  let next = 0;
  const nextBody = () => plan.bodies[next++ % plan.bodies.length];
  const latencies: number[] = [];
  return new Promise<LoadResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.origin,
        connections: options.concurrency,
        pipelining: 1,
        duration: options.durationSec,
        timeout: 30,
        headers: { 'content-type': 'application/json', ...plan.headers },
        requests: [{ method: 'POST', path: plan.path, body: nextBody(), setupRequest: (req) => ({ ...req, body: nextBody() }) }],
        verifyBody: (body) => typeof body === 'string' && plan.verify(body),
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const errors = result.non2xx + result.mismatches + result.errors;
        const completed = result.requests.total;
        latencies.sort((a, b) => a - b);
        resolve({
          completed,
          sent: result.requests.sent,
          errors,
          durationSec: result.duration,
          rps: Math.max(0, completed - result.non2xx - result.mismatches) / result.duration,
          p50: percentile(latencies, 0.5),
          p99: percentile(latencies, 0.99),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

/** A load run with the WeCom calls it caused, counted by the emulator once it and `targetPid` are idle again. */
export async function measure(emulator: EmulatorControl, options: LoadOptions, targetPid?: number): Promise<Measurement> {
  const before = await emulator.totals();
  const load = await runLoad(options);
  const after = await emulator.settledTotals(targetPid === undefined ? [] : [targetPid]);
  return { ...load, calls: difference(after, before) };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
