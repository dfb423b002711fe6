import { ExecutionArgs, ExecutionResult, createSourceEventStream, execute } from 'graphql';

/**
 * graphql-js's `subscribe`, except that each event is executed with a context of its own. graphql-js
 * reuses the subscription's context for every event, and ours holds DataLoaders: they would serve
 * the first event's calendars to every later one, and their caches would grow for as long as the
 * subscription lives. The source stream (the feed follower) keeps the subscription's context.
 */
export async function subscribeWithContextPerEvent(
  args: ExecutionArgs,
  contextForEvent: () => unknown,
): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream as ExecutionResult;
  const events = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  return new EventResults(events, (event) => execute({ ...args, rootValue: event, contextValue: contextForEvent() }));
}

/**
 * Maps the events to results without an async generator function: `return()` must reach the source at
 * once, even while a `next()` waits for the next change (a generator would queue it behind that wait,
 * and a client's "complete" would not end the subscription until another change arrived).
 */
class EventResults implements AsyncGenerator<ExecutionResult, void, void> {
  constructor(
    private readonly events: AsyncIterator<unknown>,
    private readonly run: (event: unknown) => Promise<ExecutionResult> | ExecutionResult,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult, void>> {
    const event = await this.events.next();
    if (event.done) return { value: undefined, done: true };
    return { value: await this.run(event.value), done: false };
  }

  async return(): Promise<IteratorResult<ExecutionResult, void>> {
    await this.events.return?.();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult, void>> {
    await this.events.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncGenerator<ExecutionResult, void, void> {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
