import { EmulatorClient, PATHS } from './emulator-client';

const START = 1_700_000_000;

let client: EmulatorClient;
beforeEach(async () => {
  client = await EmulatorClient.start();
});
afterEach(() => client?.close());

describe('loseAnswerNext(path, times)', () => {
  it('applies the call but resets the connection instead of answering', async () => {
    const calId = client.emu.addCalendar();
    const before = client.emu.scheduleCount();
    client.emu.loseAnswerNext(PATHS.add);
    await expect(client.call(PATHS.add, { schedule: { cal_id: calId, start_time: START, end_time: START + 60 } })).rejects.toThrow();
    expect(client.emu.scheduleCount()).toBe(before + 1);
    // Only the next call: the one after is answered normally.
    await client.addSchedule({ cal_id: calId, start_time: START, end_time: START + 60 });
    expect(client.emu.scheduleCount()).toBe(before + 2);
  });
});
