import { EmulatorClient, PATHS } from './emulator-client';

const START = 1_700_000_000;

let client: EmulatorClient;
let id: string;
afterEach(() => client?.close());
beforeEach(async () => {
  client = await EmulatorClient.start();
  id = await client.addSchedule({
    start_time: START,
    end_time: START + 60,
    attendees: [{ userid: 'alice' }, { userid: 'bob' }, { userid: 'carol' }],
  });
});

const remove = (userid: string) => ({ schedule_id: id, attendees: [{ userid }] });

describe('failNext(path, errcode, times, afterCalls)', () => {
  it('lets afterCalls calls of the path through (processed) before failing the next ones', async () => {
    client.emu.failNext(PATHS.delAttendees, 90472, 1, 1);
    // Another path is not counted.
    expect((await client.getSchedule(id))?.attendees).toHaveLength(3);
    await client.ok(PATHS.delAttendees, remove('alice'));
    expect(await client.errcode(PATHS.delAttendees, remove('bob'))).toBe(90472);
    // The failed call was not processed; the one after is processed again.
    expect((await client.getSchedule(id))?.attendees).toEqual([
      { userid: 'bob', response_status: 0 },
      { userid: 'carol', response_status: 0 },
    ]);
    await client.ok(PATHS.delAttendees, remove('bob'));
    expect((await client.getSchedule(id))?.attendees).toEqual([{ userid: 'carol', response_status: 0 }]);
  });

  it('fails `times` calls in a row after the pass-through ones, and 0 keeps the old behaviour', async () => {
    client.emu.failNext(PATHS.get, -1, 2, 2);
    await client.ok(PATHS.get, { schedule_id_list: [id] });
    await client.ok(PATHS.get, { schedule_id_list: [id] });
    expect(await client.errcode(PATHS.get, { schedule_id_list: [id] })).toBe(-1);
    expect(await client.errcode(PATHS.get, { schedule_id_list: [id] })).toBe(-1);
    await client.ok(PATHS.get, { schedule_id_list: [id] });

    client.emu.failNext(PATHS.get, 45009, 1, 0);
    expect(await client.errcode(PATHS.get, { schedule_id_list: [id] })).toBe(45009);
    await client.ok(PATHS.get, { schedule_id_list: [id] });
  });

  it('queues after what is already queued, and rejects a negative or fractional afterCalls', async () => {
    client.emu.failNext(PATHS.get, -1);
    client.emu.failNext(PATHS.get, 45009, 1, 1);
    expect(await client.errcode(PATHS.get, { schedule_id_list: [id] })).toBe(-1);
    await client.ok(PATHS.get, { schedule_id_list: [id] });
    expect(await client.errcode(PATHS.get, { schedule_id_list: [id] })).toBe(45009);
    await client.ok(PATHS.get, { schedule_id_list: [id] });

    expect(() => client.emu.failNext(PATHS.get, -1, 1, -1)).toThrow(RangeError);
    expect(() => client.emu.failNext(PATHS.get, -1, 1, 1.5)).toThrow(RangeError);
  });
});
