import type { CreateScheduleInput } from '../../client/operations';

/** A valid schedule input; tests override what they exercise. */
export function scheduleInput(overrides: Partial<CreateScheduleInput> = {}): CreateScheduleInput {
  return {
    summary: 'Design review',
    description: 'Quarterly design review',
    location: 'Room 301',
    startTime: '2026-12-01T10:00:00+08:00',
    endTime: '2026-12-01T11:00:00+08:00',
    admins: ['alice'],
    attendees: [{ userId: 'alice' }, { userId: 'bob' }],
    ...overrides,
  };
}
