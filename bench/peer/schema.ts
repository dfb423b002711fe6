/** The peer's schema: the subset of the gateway's schema.graphql that the benchmark exercises. */
export const typeDefs = /* GraphQL */ `
  scalar DateTime

  enum ScheduleStatus { ACTIVE CANCELLED }
  enum AttendeeResponse { PENDING TENTATIVE ACCEPTED ACCEPTED_ONCE DECLINED }
  enum RepeatType { DAILY WEEKLY MONTHLY YEARLY WORKDAYS }

  type Attendee {
    userId: String!
    response: AttendeeResponse
  }

  type Reminder {
    isRemind: Boolean!
    remindTimeDiffs: [Int!]!
    isRepeat: Boolean!
    repeatType: RepeatType
    repeatUntil: DateTime
    isCustomRepeat: Boolean!
    repeatInterval: Int
    repeatDayOfWeek: [Int!]!
    repeatDayOfMonth: [Int!]!
    timezone: Int
  }

  type Schedule {
    id: ID!
    calendarId: ID
    status: ScheduleStatus!
    admins: [String!]!
    attendees: [Attendee!]!
    summary: String
    description: String
    location: String
    startTime: DateTime!
    endTime: DateTime!
    isWholeDay: Boolean!
    reminders: Reminder
  }

  input AttendeeInput {
    userId: String!
  }

  input ReminderInput {
    isRemind: Boolean
    remindTimeDiffs: [Int!]
  }

  input CreateScheduleInput {
    admins: [String!]
    attendees: [AttendeeInput!]
    summary: String
    description: String
    location: String
    isWholeDay: Boolean
    reminders: ReminderInput
    calendarId: ID
    startTime: DateTime!
    endTime: DateTime!
  }

  input UpdateScheduleInput {
    id: ID!
    admins: [String!]
    attendees: [AttendeeInput!]
    summary: String
    description: String
    location: String
    isWholeDay: Boolean
    reminders: ReminderInput
    startTime: DateTime
    endTime: DateTime
  }

  type Query {
    schedule(id: ID!): Schedule
    schedules(ids: [ID!]!): [Schedule]!
  }

  type Mutation {
    createSchedule(input: CreateScheduleInput!): Schedule!
    updateSchedule(input: UpdateScheduleInput!): Schedule!
  }
`;
