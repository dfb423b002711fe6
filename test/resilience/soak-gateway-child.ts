/**
 * A gateway in a process of its own for the soak test, so that its RSS is measured alone.
 * Args: wecomBaseUrl corpId corpSecret wecomTimeoutMs. Prints its /graphql URL once listening.
 * SIGUSR2 runs a full GC when started with --expose-gc and prints the heap in use (for the test's memory check).
 */
import 'reflect-metadata';
import { startGateway } from '../../src/gateway';
import { createLogger } from '../../src/logger';

async function main(): Promise<void> {
  const [apiBaseUrl, corpId, corpSecret, timeoutMs] = process.argv.slice(2);
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('SIGUSR2', () => {
    gc?.();
    process.stdout.write(`heap-used ${process.memoryUsage().heapUsed}\n`);
  });
  const gateway = await startGateway({
    wecom: { corpId, corpSecret, apiBaseUrl },
    logger: createLogger({ level: 'silent', secrets: [corpSecret] }),
    port: 0,
    host: '127.0.0.1',
    wecomTimeoutMs: Number(timeoutMs),
    // The soak sends thousands of calls a minute to a loopback WeCom: the fleet budget is not what it tests.
    callBudget: { callsPerMinute: 1_000_000 },
  });
  process.stdout.write(`${gateway.url}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
