import { randomUUID } from 'node:crypto';
import { IdempotencyRecord, IdempotencyStore } from '../../src/coordination/idempotency-store';

const LEASE_UNTIL = Date.now() + 60_000;
const pending = (token: string, digest = 'd1'): IdempotencyRecord => ({ state: 'pending', token, digest, leaseUntil: LEASE_UNTIL });
const done = (token: string, result = '{"id":"s1"}'): IdempotencyRecord => ({ state: 'done', token, digest: 'd1', result });

/**
 * The behaviour every IdempotencyStore must have, run against each store (keyv's shared-suite idea).
 * `store()` gives the store under test; keys are fresh per test so runs never meet.
 */
export function idempotencyStoreSuite(store: () => IdempotencyStore, sleep: (ms: number) => Promise<void>): void {
  const key = () => `test-${randomUUID()}`;

  it('claims a free key and answers the record of a taken one', async () => {
    const k = key();
    expect(await store().claim(k, pending('a'), 60_000)).toBeUndefined();
    expect(await store().claim(k, pending('b'), 60_000)).toEqual(pending('a'));
    expect(await store().get(k)).toEqual(expect.objectContaining({ state: 'pending', token: 'a' }));
  });

  it('lets exactly one of many simultaneous claims of a key win', async () => {
    const k = key();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => store().claim(k, pending(`t${i}`), 60_000)));
    const winners = answers.filter((answer) => answer === undefined);
    expect(winners).toHaveLength(1);
    const owner = (await store().get(k))!.token;
    for (const answer of answers) if (answer) expect(answer.token).toBe(owner);
  });

  it('replaces a record only for the token that owns it', async () => {
    const k = key();
    await store().claim(k, pending('owner'), 60_000);
    expect(await store().replace(k, 'intruder', done('intruder'))).toBe(false);
    expect(await store().replace(k, 'owner', done('owner'))).toBe(true);
    expect(await store().get(k)).toEqual(done('owner'));
    expect(await store().replace(key(), 'owner', done('owner'))).toBe(false);
  });

  it('releases a record only for the token that owns it, freeing the key', async () => {
    const k = key();
    await store().claim(k, pending('owner'), 60_000);
    await store().release(k, 'intruder');
    expect(await store().get(k)).toBeDefined();
    await store().release(k, 'owner');
    expect(await store().get(k)).toBeUndefined();
    expect(await store().claim(k, pending('next'), 60_000)).toBeUndefined();
  });

  it('forgets a record after its TTL, also after a replace (the TTL runs from the claim)', async () => {
    const k = key();
    await store().claim(k, pending('owner'), 150);
    expect(await store().replace(k, 'owner', done('owner'))).toBe(true);
    await sleep(250);
    expect(await store().get(k)).toBeUndefined();
    expect(await store().claim(k, pending('later'), 60_000)).toBeUndefined();
  });
}
