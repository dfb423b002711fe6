/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AttendeeInput = {
  userId: string;
};

/** An attendee’s answer (WeCom response_status 0..4). */
export type AttendeeResponse =
  | 'ACCEPTED'
  /** Accepted this occurrence of a recurring schedule only. */
  | 'ACCEPTED_ONCE'
  | 'DECLINED'
  | 'PENDING'
  | 'TENTATIVE';

export type CreateScheduleInput = {
  /** At most 3 user ids. */
  admins?: Array<string> | null | undefined;
  /** At most 1,000. */
  attendees?: Array<AttendeeInput> | null | undefined;
  /** A calendar created by this app; omitted: the app’s default calendar. */
  calendarId?: string | number | null | undefined;
  description?: string | null | undefined;
  endTime: string;
  isWholeDay?: boolean | null | undefined;
  location?: string | null | undefined;
  reminders?: ReminderInput | null | undefined;
  startTime: string;
  summary?: string | null | undefined;
};

/** Every field is optional. In UpdateScheduleInput a field left out keeps its value; null clears it. */
export type ReminderInput = {
  /** Defaults to whether repeatInterval, repeatDayOfWeek or repeatDayOfMonth is given. */
  isCustomRepeat?: boolean | null | undefined;
  /** Defaults to whether remindTimeDiffs is non-empty. */
  isRemind?: boolean | null | undefined;
  /** Defaults to whether repeatType is given. */
  isRepeat?: boolean | null | undefined;
  remindTimeDiffs?: Array<number> | null | undefined;
  repeatDayOfMonth?: Array<number> | null | undefined;
  repeatDayOfWeek?: Array<number> | null | undefined;
  repeatInterval?: number | null | undefined;
  repeatType?: RepeatType | null | undefined;
  repeatUntil?: string | null | undefined;
  timezone?: number | null | undefined;
};

/** How a schedule repeats (WeCom repeat_type 0, 1, 2, 5, 7). */
export type RepeatType =
  | 'DAILY'
  | 'MONTHLY'
  | 'WEEKLY'
  /** Every working day (Monday to Friday). */
  | 'WORKDAYS'
  | 'YEARLY';

/** WeCom status 0 / 1. A deleted (cancelled) schedule may still be returned. */
export type ScheduleStatus =
  | 'ACTIVE'
  | 'CANCELLED';

/** A patch: a field left out keeps its value, null clears it. WeCom cannot move a schedule to another calendar. */
export type UpdateScheduleInput = {
  /** At most 3 user ids. */
  admins?: Array<string> | null | undefined;
  /** At most 1,000. */
  attendees?: Array<AttendeeInput> | null | undefined;
  description?: string | null | undefined;
  endTime?: string | null | undefined;
  id: string | number;
  isWholeDay?: boolean | null | undefined;
  location?: string | null | undefined;
  reminders?: ReminderInput | null | undefined;
  startTime?: string | null | undefined;
  summary?: string | null | undefined;
};

export type ScheduleFieldsFragment = { id: string, calendarId: string | null, status: ScheduleStatus, admins: Array<string>, summary: string | null, description: string | null, location: string | null, startTime: string, endTime: string, isWholeDay: boolean, attendees: Array<{ userId: string, response: AttendeeResponse | null }>, reminders: { isRemind: boolean, remindTimeDiffs: Array<number>, isRepeat: boolean, repeatType: RepeatType | null, repeatUntil: string | null, isCustomRepeat: boolean, repeatInterval: number | null, repeatDayOfWeek: Array<number>, repeatDayOfMonth: Array<number>, timezone: number | null } | null };

export type GetScheduleQueryVariables = Exact<{
  id: string | number;
}>;


export type GetScheduleQuery = { schedule: { id: string, calendarId: string | null, status: ScheduleStatus, admins: Array<string>, summary: string | null, description: string | null, location: string | null, startTime: string, endTime: string, isWholeDay: boolean, attendees: Array<{ userId: string, response: AttendeeResponse | null }>, reminders: { isRemind: boolean, remindTimeDiffs: Array<number>, isRepeat: boolean, repeatType: RepeatType | null, repeatUntil: string | null, isCustomRepeat: boolean, repeatInterval: number | null, repeatDayOfWeek: Array<number>, repeatDayOfMonth: Array<number>, timezone: number | null } | null } | null };

export type GetSchedulesQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type GetSchedulesQuery = { schedules: Array<{ id: string, calendarId: string | null, status: ScheduleStatus, admins: Array<string>, summary: string | null, description: string | null, location: string | null, startTime: string, endTime: string, isWholeDay: boolean, attendees: Array<{ userId: string, response: AttendeeResponse | null }>, reminders: { isRemind: boolean, remindTimeDiffs: Array<number>, isRepeat: boolean, repeatType: RepeatType | null, repeatUntil: string | null, isCustomRepeat: boolean, repeatInterval: number | null, repeatDayOfWeek: Array<number>, repeatDayOfMonth: Array<number>, timezone: number | null } | null } | null> };

export type CreateScheduleMutationVariables = Exact<{
  input: CreateScheduleInput;
}>;


export type CreateScheduleMutation = { createSchedule: { id: string, calendarId: string | null, status: ScheduleStatus, admins: Array<string>, summary: string | null, description: string | null, location: string | null, startTime: string, endTime: string, isWholeDay: boolean, attendees: Array<{ userId: string, response: AttendeeResponse | null }>, reminders: { isRemind: boolean, remindTimeDiffs: Array<number>, isRepeat: boolean, repeatType: RepeatType | null, repeatUntil: string | null, isCustomRepeat: boolean, repeatInterval: number | null, repeatDayOfWeek: Array<number>, repeatDayOfMonth: Array<number>, timezone: number | null } | null } };

export type UpdateScheduleMutationVariables = Exact<{
  input: UpdateScheduleInput;
}>;


export type UpdateScheduleMutation = { updateSchedule: { id: string, calendarId: string | null, status: ScheduleStatus, admins: Array<string>, summary: string | null, description: string | null, location: string | null, startTime: string, endTime: string, isWholeDay: boolean, attendees: Array<{ userId: string, response: AttendeeResponse | null }>, reminders: { isRemind: boolean, remindTimeDiffs: Array<number>, isRepeat: boolean, repeatType: RepeatType | null, repeatUntil: string | null, isCustomRepeat: boolean, repeatInterval: number | null, repeatDayOfWeek: Array<number>, repeatDayOfMonth: Array<number>, timezone: number | null } | null } };

export type DeleteScheduleMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteScheduleMutation = { deleteSchedule: { id: string } };

export type ServiceSdlQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceSdlQuery = { _service: { sdl: string | null } };

export type ScheduleEntitiesQueryVariables = Exact<{
  representations: Array<unknown> | unknown;
}>;


export type ScheduleEntitiesQuery = { _entities: Array<
    | { id: string, summary: string | null, status: ScheduleStatus }
    | Record<PropertyKey, never>
   | null> };

export const ScheduleFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"admins"}},{"kind":"Field","name":{"kind":"Name","value":"attendees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"response"}}]}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"isWholeDay"}},{"kind":"Field","name":{"kind":"Name","value":"reminders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isRemind"}},{"kind":"Field","name":{"kind":"Name","value":"remindTimeDiffs"}},{"kind":"Field","name":{"kind":"Name","value":"isRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatType"}},{"kind":"Field","name":{"kind":"Name","value":"repeatUntil"}},{"kind":"Field","name":{"kind":"Name","value":"isCustomRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatInterval"}},{"kind":"Field","name":{"kind":"Name","value":"repeatDayOfWeek"}},{"kind":"Field","name":{"kind":"Name","value":"repeatDayOfMonth"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}}]}}]} as unknown as DocumentNode<ScheduleFieldsFragment, unknown>;
export const GetScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"admins"}},{"kind":"Field","name":{"kind":"Name","value":"attendees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"response"}}]}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"isWholeDay"}},{"kind":"Field","name":{"kind":"Name","value":"reminders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isRemind"}},{"kind":"Field","name":{"kind":"Name","value":"remindTimeDiffs"}},{"kind":"Field","name":{"kind":"Name","value":"isRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatType"}},{"kind":"Field","name":{"kind":"Name","value":"repeatUntil"}},{"kind":"Field","name":{"kind":"Name","value":"isCustomRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatInterval"}},{"kind":"Field","name":{"kind":"Name","value":"repeatDayOfWeek"}},{"kind":"Field","name":{"kind":"Name","value":"repeatDayOfMonth"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}}]}}]} as unknown as DocumentNode<GetScheduleQuery, GetScheduleQueryVariables>;
export const GetSchedulesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetSchedules"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"admins"}},{"kind":"Field","name":{"kind":"Name","value":"attendees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"response"}}]}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"isWholeDay"}},{"kind":"Field","name":{"kind":"Name","value":"reminders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isRemind"}},{"kind":"Field","name":{"kind":"Name","value":"remindTimeDiffs"}},{"kind":"Field","name":{"kind":"Name","value":"isRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatType"}},{"kind":"Field","name":{"kind":"Name","value":"repeatUntil"}},{"kind":"Field","name":{"kind":"Name","value":"isCustomRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatInterval"}},{"kind":"Field","name":{"kind":"Name","value":"repeatDayOfWeek"}},{"kind":"Field","name":{"kind":"Name","value":"repeatDayOfMonth"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}}]}}]} as unknown as DocumentNode<GetSchedulesQuery, GetSchedulesQueryVariables>;
export const CreateScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateScheduleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"admins"}},{"kind":"Field","name":{"kind":"Name","value":"attendees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"response"}}]}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"isWholeDay"}},{"kind":"Field","name":{"kind":"Name","value":"reminders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isRemind"}},{"kind":"Field","name":{"kind":"Name","value":"remindTimeDiffs"}},{"kind":"Field","name":{"kind":"Name","value":"isRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatType"}},{"kind":"Field","name":{"kind":"Name","value":"repeatUntil"}},{"kind":"Field","name":{"kind":"Name","value":"isCustomRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatInterval"}},{"kind":"Field","name":{"kind":"Name","value":"repeatDayOfWeek"}},{"kind":"Field","name":{"kind":"Name","value":"repeatDayOfMonth"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}}]}}]} as unknown as DocumentNode<CreateScheduleMutation, CreateScheduleMutationVariables>;
export const UpdateScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateScheduleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"admins"}},{"kind":"Field","name":{"kind":"Name","value":"attendees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"response"}}]}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"isWholeDay"}},{"kind":"Field","name":{"kind":"Name","value":"reminders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isRemind"}},{"kind":"Field","name":{"kind":"Name","value":"remindTimeDiffs"}},{"kind":"Field","name":{"kind":"Name","value":"isRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatType"}},{"kind":"Field","name":{"kind":"Name","value":"repeatUntil"}},{"kind":"Field","name":{"kind":"Name","value":"isCustomRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatInterval"}},{"kind":"Field","name":{"kind":"Name","value":"repeatDayOfWeek"}},{"kind":"Field","name":{"kind":"Name","value":"repeatDayOfMonth"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}}]}}]} as unknown as DocumentNode<UpdateScheduleMutation, UpdateScheduleMutationVariables>;
export const DeleteScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<DeleteScheduleMutation, DeleteScheduleMutationVariables>;
export const ServiceSdlDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServiceSdl"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_service"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sdl"}}]}}]}}]} as unknown as DocumentNode<ServiceSdlQuery, ServiceSdlQueryVariables>;
export const ScheduleEntitiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScheduleEntities"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"representations"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"_Any"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"representations"},"value":{"kind":"Variable","name":{"kind":"Name","value":"representations"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<ScheduleEntitiesQuery, ScheduleEntitiesQueryVariables>;