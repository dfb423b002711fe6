import { randomUUID } from 'node:crypto';
import type { CreateScheduleInput } from '../../client/operations';
import type { EmulatorApp } from '../../src/emulator/wecom-emulator';

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

/** A corp of its own per test run: its keys in a shared Redis (tokens, locks, budgets) meet nobody else's. */
export function freshApp(agentId?: number): EmulatorApp {
  return { corpId: `corp-${randomUUID()}`, corpSecret: `secret-${randomUUID()}`, ...(agentId === undefined ? {} : { agentId }) };
}
