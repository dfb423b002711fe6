import { registerEnumType } from 'type-graphql';
import { AttendeeResponse, RepeatType, ScheduleStatus } from '../domain/schedule';

registerEnumType(ScheduleStatus, {
  name: 'ScheduleStatus',
  description: 'WeCom status 0 / 1. A deleted (cancelled) schedule may still be returned.',
});
registerEnumType(AttendeeResponse, {
  name: 'AttendeeResponse',
  description: 'An attendee’s answer (WeCom response_status 0..4).',
  valuesConfig: { ACCEPTED_ONCE: { description: 'Accepted this occurrence of a recurring schedule only.' } },
});
registerEnumType(RepeatType, {
  name: 'RepeatType',
  description: 'How a schedule repeats (WeCom repeat_type 0, 1, 2, 5, 7).',
  valuesConfig: { WORKDAYS: { description: 'Every working day (Monday to Friday).' } },
});

export { AttendeeResponse, RepeatType, ScheduleStatus };
