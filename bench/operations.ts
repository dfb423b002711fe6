/**
 * The GraphQL operations of the benchmark: the same documents and selection set as
 * test/operations/schedule.graphql (copied, so that the benchmark does not change when the tests do).
 */
const SCHEDULE_FIELDS = `
fragment ScheduleFields on Schedule {
  id calendarId status admins
  attendees { userId response }
  summary description location startTime endTime isWholeDay
  reminders {
    isRemind remindTimeDiffs isRepeat repeatType repeatUntil isCustomRepeat
    repeatInterval repeatDayOfWeek repeatDayOfMonth timezone
  }
}`;

export const GET_SCHEDULE = `query GetSchedule($id: ID!) { schedule(id: $id) { ...ScheduleFields } }${SCHEDULE_FIELDS}`;
export const GET_SCHEDULES = `query GetSchedules($ids: [ID!]!) { schedules(ids: $ids) { ...ScheduleFields } }${SCHEDULE_FIELDS}`;
export const CREATE_SCHEDULE = `mutation CreateSchedule($input: CreateScheduleInput!) { createSchedule(input: $input) { ...ScheduleFields } }${SCHEDULE_FIELDS}`;
export const UPDATE_SCHEDULE = `mutation UpdateSchedule($input: UpdateScheduleInput!) { updateSchedule(input: $input) { ...ScheduleFields } }${SCHEDULE_FIELDS}`;

export function graphqlBody(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}
