import { Arg, Ctx, ID, Int, Query, Resolver, Root, Subscription, SubscribeResolverData } from 'type-graphql';
import { GatewayContext } from '../context';
import { RecordedChange } from '../sync/change';
import { ChangePage, pageOfChanges } from '../sync/change-pages';
import { followChanges } from '../sync/feed/follow-changes';
import { ScheduleChangeConnectionObject, ScheduleChangeObject } from '../schema/schedule-change.type';

interface ScheduleChangedArgs {
  calendarId?: string | null;
  after?: string | null;
}

/** The change feed (API.md, "Changes from WeCom"): paged reads and a live subscription. */
@Resolver(() => ScheduleChangeObject)
export class ScheduleChangeResolver {
  @Query(() => ScheduleChangeConnectionObject, {
    description:
      'Changes oldest first, after the cursor `after` (none: from the oldest kept). A cursor older than what the feed keeps is CURSOR_EXPIRED: read the current state again, then follow from currentScheduleChangeCursor.',
  })
  scheduleChanges(
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { defaultValue: 100, nullable: true, description: '1 to 1,000 (null: 100).' }) first: number | null,
    @Arg('calendarId', () => ID, { nullable: true, description: 'Only this calendar’s changes.' }) calendarId: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ChangePage> {
    return pageOfChanges(ctx.changes, after ?? null, first ?? 100, calendarId ?? null);
  }

  @Query(() => String, {
    nullable: true,
    description: 'The newest change’s cursor (null while the feed is empty): read it, then read the current state, then follow the feed from it with no gap.',
  })
  currentScheduleChangeCursor(@Ctx() ctx: GatewayContext): Promise<string | null> {
    return ctx.changes.head();
  }

  @Subscription(() => ScheduleChangeObject, {
    description:
      'Changes as they are recorded, optionally one calendar’s. With `after`, what followed that cursor is replayed first, then live changes follow with no gap or repeat.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, ScheduleChangedArgs, GatewayContext>) =>
      followChanges(context.changes, {
        after: args.after ?? null,
        accept: args.calendarId ? (change) => change.calendarId === args.calendarId : undefined,
      }),
  })
  scheduleChanged(
    @Root() change: RecordedChange,
    @Arg('calendarId', () => ID, { nullable: true }) _calendarId: string | null,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
  ): RecordedChange {
    return change;
  }
}
