import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConstDirectiveNode, Kind, ObjectTypeDefinitionNode, parse, print } from 'graphql';
import { CreateCalendarDocument, CreateScheduleDocument } from '../../client/operations';
import { CalendarEntitiesDocument, ScheduleEntitiesDocument, ServiceSdlDocument } from '../__generated__/operations';
import { scheduleInput } from '../helpers/fixtures';
import { SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';

describe('Apollo Federation 2 subgraph', () => {
  let stack: TestStack;
  const ids: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    for (const summary of ['one', 'two', 'three']) {
      const { data } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary }) });
      ids.push(data!.createSchedule.id);
    }
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.emulator.resetCalls());

  it('serves _service { sdl } equal to the committed schema.graphql, with Schedule @key(fields: "id")', async () => {
    const { data } = await stack.graphql(ServiceSdlDocument, {});
    const sdl = data!._service.sdl!;
    expect(sdl.trimEnd()).toBe(readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8').trimEnd());
    expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(sdl).toMatch(/type Schedule\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Calendar\s+@key\(fields: "id"\)/);
  });

  it('declares the scopes with @requiresScopes: read (or write) on every query and entity, write on every mutation', async () => {
    const { data } = await stack.graphql(ServiceSdlDocument, {});
    const document = parse(data!._service.sdl!);
    expect(data!._service.sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+", import: \[[^\]]*"@requiresScopes"/);
    const scopesOf = (node: { directives?: readonly ConstDirectiveNode[] }) => {
      const directive = node.directives?.find((d) => d.name.value === 'requiresScopes');
      return directive ? print(directive.arguments![0].value) : undefined;
    };
    const READ = '[["schedules:read"], ["schedules:write"]]';
    const types = document.definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION);
    const fields = (name: string) => types.find((t) => t.name.value === name)!.fields!.filter((f) => !f.name.value.startsWith('_'));
    expect(fields('Query').length).toBeGreaterThanOrEqual(4);
    for (const field of fields('Query')) expect([field.name.value, scopesOf(field)]).toEqual([field.name.value, READ]);
    for (const field of fields('Mutation')) expect([field.name.value, scopesOf(field)]).toEqual([field.name.value, '[["schedules:write"]]']);
    for (const entity of ['Schedule', 'Calendar']) expect(scopesOf(types.find((t) => t.name.value === entity)!)).toBe(READ);
  });

  it('resolves 500 entity representations with one schedule/get call, in order, null for unknown ids', async () => {
    const representations = Array.from({ length: 500 }, (_, i) => ({ __typename: 'Schedule', id: ids[i % 3] ?? 'x' }));
    representations[499] = { __typename: 'Schedule', id: 'no-such-schedule' };

    const { data, errors } = await stack.graphql(ScheduleEntitiesDocument, { representations });

    expect(errors).toBeUndefined();
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
    const entities = data!._entities;
    expect(entities).toHaveLength(500);
    expect(entities[0]).toEqual({ id: ids[0], summary: 'one', status: 'ACTIVE' });
    expect(entities[1]).toMatchObject({ id: ids[1], summary: 'two' });
    expect(entities[498]).toMatchObject({ id: ids[498 % 3] });
    expect(entities[499]).toBeNull();
  });

  it('resolves Calendar entities through one batched calendar/get call, null for unknown ids', async () => {
    const calendarIds: string[] = [];
    for (const summary of ['Rooms', 'Team']) {
      const { data, errors } = await stack.graphql(CreateCalendarDocument, { input: { summary, color: '#336699' } });
      expect(errors).toBeUndefined();
      calendarIds.push(data!.createCalendar.calendar.id);
    }
    stack.emulator.resetCalls();
    const representations = [...calendarIds, 'no-such-calendar', calendarIds[0]].map((id) => ({ __typename: 'Calendar', id }));

    const { data, errors } = await stack.graphql(CalendarEntitiesDocument, { representations });

    expect(errors).toBeUndefined();
    expect(data!._entities).toEqual([
      { id: calendarIds[0], summary: 'Rooms' },
      { id: calendarIds[1], summary: 'Team' },
      null,
      { id: calendarIds[0], summary: 'Rooms' },
    ]);
    expect(stack.emulator.callCount('/cgi-bin/oa/calendar/get')).toBe(1);
  });

  describe('a malformed representation is the caller’s mistake: BAD_USER_INPUT naming it, before any WeCom call', () => {
    it.each([
      ['an unknown __typename', { __typename: 'Meeting', id: 'x' }, 'representations[1].__typename'],
      ['a type that is not an entity (Reminder)', { __typename: 'Reminder', id: 'x' }, 'representations[1].__typename'],
      ['the Query type', { __typename: 'Query' }, 'representations[1].__typename'],
      ['no __typename', { id: 'x' }, 'representations[1].__typename'],
      ['a non-string __typename', { __typename: 7, id: 'x' }, 'representations[1].__typename'],
      ['a string', 'Schedule', 'representations[1]'],
      ['a number', 42, 'representations[1]'],
      ['a list', [{ __typename: 'Schedule', id: 'x' }], 'representations[1]'],
    ])('%s', async (_case, bad, field) => {
      const representations = [{ __typename: 'Schedule', id: ids[0] }, bad];
      const response = await stack.graphql(ScheduleEntitiesDocument, { representations });
      expect(response.status).toBe(200);
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]).toMatchObject({ path: ['_entities'], extensions: { code: 'BAD_USER_INPUT', field } });
      expect(response.data).toBeNull();
      expect(stack.emulator.calls()).toHaveLength(0);
    });
  });
});
