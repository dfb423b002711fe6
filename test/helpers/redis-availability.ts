import { spawnSync } from 'node:child_process';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether Redis answers PING, checked synchronously so a suite can choose `describe` or
 * `describe.skip` at load time. CI sets REQUIRE_REDIS=1: there a missing Redis fails the run.
 */
export function redisAvailability(): { available: boolean; reason: string } {
  const { hostname, port } = new URL(TEST_REDIS_URL);
  const probe = `
    const socket = require('node:net').connect(${Number(port) || 6379}, ${JSON.stringify(hostname)});
    socket.setTimeout(1000, () => process.exit(1));
    socket.on('error', () => process.exit(1));
    socket.on('connect', () => socket.write('PING\\r\\n'));
    socket.on('data', (data) => process.exit(String(data).startsWith('+PONG') ? 0 : 1));
  `;
  const result = spawnSync(process.execPath, ['-e', probe], { timeout: 3000 });
  if (result.status === 0) return { available: true, reason: '' };
  return { available: false, reason: `no Redis answering PING at ${TEST_REDIS_URL}` };
}

/** `describe`, or `describe.skip` with a printed reason; fails instead when REQUIRE_REDIS=1. */
export function describeWithRedis(name: string, body: () => void): void {
  const { available, reason } = redisAvailability();
  if (available) return describe(name, body);
  if (process.env.REQUIRE_REDIS === '1') {
    describe(name, () => {
      it('needs Redis (REQUIRE_REDIS=1)', () => {
        throw new Error(`${reason}; start Redis or unset REQUIRE_REDIS`);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`Skipping "${name}": ${reason} (set REQUIRE_REDIS=1 to make this a failure)`);
  describe.skip(name, body);
}
