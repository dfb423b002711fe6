import { CreateCalendarDocument, CreateScheduleDocument, GetScheduleDocument, UpdateCalendarDocument, UpdateScheduleDocument } from '../../client/operations';
import { scheduleInput } from './fixtures';
import { GraphQLErrorBody, TestStack } from './test-stack';

export interface PairOutcome {
  /** Pairs where one of the two changes is missing afterwards. */
  lost: number;
  /** Errors any patch answered. */
  errors: GraphQLErrorBody[];
}

export const CALENDAR_GET = '/cgi-bin/oa/calendar/get';
export const CALENDAR_UPDATE = '/cgi-bin/oa/calendar/update';

/**
 * `count` schedules, each patched twice at the same moment, once through each stack: one patch sets
 * the summary, the other the location. Afterwards both changes must be in WeCom.
 */
export async function patchSchedulePairs(via: [TestStack, TestStack], count: number): Promise<PairOutcome> {
  const ids = await Promise.all(Array.from({ length: count }, () => createSchedule(via[0])));
  await warmUp(via[1], ids[0]);
  const answers = await Promise.all(
    ids.flatMap((id, i) => [
      via[0].graphql(UpdateScheduleDocument, { input: { id, summary: `summary ${i}` } }),
      via[1].graphql(UpdateScheduleDocument, { input: { id, location: `location ${i}` } }),
    ]),
  );
  const lost = ids.filter((id, i) => {
    const stored = via[0].emulator.storedSchedule(id)!;
    return stored.summary !== `summary ${i}` || stored.location !== `location ${i}`;
  }).length;
  return { lost, errors: answers.flatMap((answer) => answer.errors ?? []) };
}

/** The same for calendars: summary through one stack, description through the other. */
export async function patchCalendarPairs(via: [TestStack, TestStack], count: number): Promise<PairOutcome> {
  const ids = await Promise.all(Array.from({ length: count }, () => createCalendar(via[0])));
  await warmUp(via[1], ids[0]);
  const answers = await Promise.all(
    ids.flatMap((id, i) => [
      via[0].graphql(UpdateCalendarDocument, { input: { id, summary: `summary ${i}` } }),
      via[1].graphql(UpdateCalendarDocument, { input: { id, description: `description ${i}` } }),
    ]),
  );
  const lost = ids.filter((id, i) => {
    const stored = via[0].emulator.storedCalendar(id)!;
    return stored.summary !== `summary ${i}` || stored.description !== `description ${i}`;
  }).length;
  return { lost, errors: answers.flatMap((answer) => answer.errors ?? []) };
}

/** One read first, so the second instance holds the token too and both patches of a pair start together. */
async function warmUp(stack: TestStack, id: string): Promise<void> {
  const { errors } = await stack.graphql(GetScheduleDocument, { id });
  if (errors) throw new Error(`warm-up read failed: ${JSON.stringify(errors)}`);
}

export async function createSchedule(stack: TestStack): Promise<string> {
  const { data, errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
  if (errors) throw new Error(`createSchedule failed: ${JSON.stringify(errors)}`);
  return data!.createSchedule.id;
}

export async function createCalendar(stack: TestStack): Promise<string> {
  const { data, errors } = await stack.graphql(CreateCalendarDocument, { input: { summary: 'Team', color: '#1A2B3C' } });
  if (errors) throw new Error(`createCalendar failed: ${JSON.stringify(errors)}`);
  return data!.createCalendar.calendar.id;
}
