import { registerEnumType } from 'type-graphql';
import { SharePermission } from '../domain/calendar';
import { AttendeeResponse, RepeatType, ScheduleScope, ScheduleStatus } from '../domain/schedule';

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

registerEnumType(SharePermission, {
  name: 'SharePermission',
  description: 'What a calendar member sees (WeCom permission 1 / 3).',
});
registerEnumType(ScheduleScope, {
  name: 'ScheduleScope',
  description: 'Which occurrences of a recurring schedule a change applies to (WeCom op_mode 0 / 1 / 2).',
  valuesConfig: {
    ALL: { description: 'The whole schedule (every occurrence).' },
    THIS_OCCURRENCE: { description: 'Only the occurrence starting at occurrenceStart: it becomes a schedule of its own.' },
    THIS_AND_FOLLOWING: { description: 'The occurrence at occurrenceStart and all later ones: they become a new recurring schedule.' },
  },
});

export { SharePermission, ScheduleScope };
