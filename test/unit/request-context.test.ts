import pino from 'pino';
import { createContextFactory } from '../../src/context';
import { MemoryLockStore } from '../../src/coordination/lock-memory-store';
import { WeComClient } from '../../src/datasources/wecom/wecom-client';
import { createWeComAgent } from '../../src/http/agent';
import { WeComHttpClient } from '../../src/http/wecom-http-client';
import { Caller } from '../../src/callers/caller';
import { createChangeFeed } from '../../src/sync/sync-feed';
import { AccessTokenProvider } from '../../src/token/access-token-provider';

const agent = createWeComAgent();
afterAll(() => agent.close());

const callerNamed = (name: string): Caller => ({ name, kind: 'api-key', scopes: new Set() });

/** No WeCom call is made here: the context is only built and looked at. */
function contextFactory() {
  const logger = pino({ level: 'silent' });
  const http = new WeComHttpClient({ baseUrl: 'http://127.0.0.1:9', dispatcher: agent });
  const tokens = { getToken: async () => 'token', invalidate: async () => undefined } as unknown as AccessTokenProvider;
  const client = new WeComClient({ http, tokens, logger });
  const feed = createChangeFeed({ client, appKey: 'corp:1', logger, locks: new MemoryLockStore(), lockWaitMs: 1000 });
  const children = jest.spyOn(logger, 'child');
  return { factory: createContextFactory({ client, appKey: 'corp:1', logger, feed }), children };
}

/** What Apollo Server does to the context value before running the operation (ApolloServer.js cloneObject). */
const cloneAsApollo = <T extends object>(value: T): T => Object.assign(Object.create(Object.getPrototypeOf(value)) as T, value);

describe('request context', () => {
  it('builds the write services only when a resolver asks for them: a read builds none', () => {
    const { factory, children } = contextFactory();
    const context = cloneAsApollo(factory.forCaller(callerNamed('reader')));
    expect(context.scheduleById).toBeDefined();
    expect(children).not.toHaveBeenCalled(); // the request logger belongs to the write side

    const schedules = context.schedules;
    expect(children).toHaveBeenCalledTimes(1);
    expect(children).toHaveBeenCalledWith({ caller: 'reader', requestId: undefined });
    expect(context.calendars).toBeDefined();
    expect(context.creates).toBeDefined();
    expect(context.schedules).toBe(schedules);
    expect(children).toHaveBeenCalledTimes(1);
  });

  it('shares one write side between the context and Apollo\'s clone of it', () => {
    const { factory, children } = contextFactory();
    const original = factory.forCaller(callerNamed('writer'), { requestId: 'r1' });
    const clone = cloneAsApollo(original);
    expect(clone.creates).toBe(original.creates);
    expect(clone.schedules).toBe(original.schedules);
    expect(children).toHaveBeenCalledTimes(1);
    expect(children).toHaveBeenCalledWith({ caller: 'writer', requestId: 'r1' });
  });
});
