import { CreateScheduleDocument, GetScheduleDocument, GetSchedulesDocument } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

describe('batched reads onto schedule/get', () => {
  let stack: TestStack;
  const existing: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    for (let i = 0; i < 5; i++) {
      const { data } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: `s${i}` }) });
      existing.push(data!.createSchedule.id);
    }
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.emulator.resetCalls());

  it('sends 1,500 ids in one operation as 2 schedule/get calls, answering in order with null for missing ids', async () => {
    const ids = Array.from({ length: 1500 }, (_, i) => `missing-${i}`);
    ids[0] = existing[0];
    ids[999] = existing[1];
    ids[1000] = existing[2];
    ids[1499] = existing[3];

    const { data, errors } = await stack.graphql(GetSchedulesDocument, { ids });

    expect(errors).toBeUndefined();
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(2);
    const sizes = stack.emulator.calls(SCHEDULE_GET).map((call) => (call.body as { schedule_id_list: string[] }).schedule_id_list.length);
    expect(sizes.sort()).toEqual([1000, 500]);
    const schedules = data!.schedules;
    expect(schedules).toHaveLength(1500);
    expect(schedules[0]?.id).toBe(existing[0]);
    expect(schedules[999]?.id).toBe(existing[1]);
    expect(schedules[1000]?.id).toBe(existing[2]);
    expect(schedules[1499]?.id).toBe(existing[3]);
    expect(schedules.filter((schedule) => schedule === null)).toHaveLength(1496);
  });

  it('collects schedule and schedules fields of one operation into one call, asking each id once', async () => {
    const document = parse(`
      query Mixed($a: ID!, $b: ID!, $ids: [ID!]!) {
        first: schedule(id: $a) { id summary }
        second: schedule(id: $b) { id }
        many: schedules(ids: $ids) { id }
      }
    `) as TypedDocumentNode<{ first: { id: string; summary: string }; second: { id: string }; many: ({ id: string } | null)[] }, { a: string; b: string; ids: string[] }>;

    const { data, errors } = await stack.graphql(document, { a: existing[0], b: existing[1], ids: [existing[1], existing[2], 'nope'] });

    expect(errors).toBeUndefined();
    expect(data!.first).toEqual({ id: existing[0], summary: 's0' });
    expect(data!.many.map((schedule) => schedule?.id ?? null)).toEqual([existing[1], existing[2], null]);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
    const asked = (stack.emulator.calls(SCHEDULE_GET)[0].body as { schedule_id_list: string[] }).schedule_id_list;
    expect([...asked].sort()).toEqual([existing[0], existing[1], existing[2], 'nope'].sort());
  });

  it('answers an empty id list without calling WeCom (which rejects an empty list)', async () => {
    const { data, errors } = await stack.graphql(GetSchedulesDocument, { ids: [] });
    expect(errors).toBeUndefined();
    expect(data!.schedules).toEqual([]);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(0);
  });

  it('does not share reads between requests (a loader lives for one request)', async () => {
    await stack.graphql(GetScheduleDocument, { id: existing[4] });
    await stack.graphql(GetScheduleDocument, { id: existing[4] });
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(2);
  });

  it('reports a failed batch as one error for the field, not one per id', async () => {
    stack.emulator.failNext(SCHEDULE_GET, 48002);
    const { data, errors } = await stack.graphql(GetSchedulesDocument, { ids: existing });
    expect(data).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions).toMatchObject({ code: 'WECOM_FORBIDDEN', wecomErrcode: 48002 });
  });
});
