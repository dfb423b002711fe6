/**
 * A gateway instance in a process of its own, so a test can kill it mid-request (fleet-token.test.ts).
 * Args: wecomBaseUrl corpId corpSecret cacheUrl tokenFetchLockTtlMs. Prints its /graphql URL once listening.
 */
import 'reflect-metadata';
import { startGateway } from '../../src/gateway';
import { createLogger } from '../../src/logger';

async function main(): Promise<void> {
  const [apiBaseUrl, corpId, corpSecret, cacheUrl, tokenFetchTtl] = process.argv.slice(2);
  const gateway = await startGateway({
    wecom: { corpId, corpSecret, apiBaseUrl },
    logger: createLogger({ level: 'silent', secrets: [corpSecret] }),
    port: 0,
    host: '127.0.0.1',
    cacheUrl,
    lockTtlMs: { tokenFetch: Number(tokenFetchTtl) },
  });
  process.stdout.write(`${gateway.url}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
