import { print } from 'graphql';
import { Agent, request } from 'undici';
import {
  AddScheduleAttendeesDocument,
  CalendarSchedulesDocument,
  CreateScheduleDocument,
  DeleteScheduleDocument,
  GetScheduleDocument,
  RemoveScheduleAttendeesDocument,
  UpdateScheduleDocument,
} from '../../client/operations';
import type { EmulatorPath, WeComEmulator } from '../../src/emulator/wecom-emulator';
import { ErrorCode } from '../../src/errors/error-codes';
import { scheduleInput } from '../helpers/fixtures';

/** Every extensions.code of the contract (API.md "Errors", parts 1 and 2): an answer with another code is a failure. */
export const CONTRACT_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

export interface SoakTally {
  sent: number;
  data: number;
  byCode: Record<string, number>;
  /** Answers that were not data or contract errors (described), and requests that got no answer at all. */
  unmapped: string[];
  /** Idempotency keys used, each in the summary of the schedule it creates. */
  keys: Set<string>;
}

type Doc = Parameters<typeof print>[0];
const TEXT = new Map<Doc, string>();
const text = (doc: Doc) => TEXT.get(doc) ?? (TEXT.set(doc, print(doc)), TEXT.get(doc)!);

/** The traffic of one soak: shared pools of ids, and one request of a random kind at a time. */
export class SoakTraffic {
  readonly tally: SoakTally = { sent: 0, data: 0, byCode: {}, unmapped: [], keys: new Set() };
  private readonly agent = new Agent({ connections: 64, keepAliveTimeout: 1000 });
  private readonly ids: string[];
  private readonly recentKeys: string[] = [];

  constructor(
    private readonly url: string,
    private readonly calendarId: string,
    seededIds: string[],
  ) {
    this.ids = [...seededIds];
  }

  async runClient(remaining: () => boolean): Promise<void> {
    while (remaining()) await this.one();
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async one(): Promise<void> {
    const roll = Math.random();
    const id = this.ids[Math.floor(Math.random() * this.ids.length)];
    if (roll < 0.3) return this.send(GetScheduleDocument, { id });
    if (roll < 0.42) return this.send(CalendarSchedulesDocument, { id: this.calendarId, first: 20 });
    if (roll < 0.55) return this.send(CreateScheduleDocument, { input: scheduleInput({ calendarId: this.calendarId, summary: 'soak' }) }, true);
    if (roll < 0.67) return this.createWithKey();
    if (roll < 0.8) return this.send(UpdateScheduleDocument, { input: { id, location: `Room ${Math.floor(roll * 1000)}` } });
    if (roll < 0.87) return this.send(AddScheduleAttendeesDocument, { id, userIds: ['carol'] });
    if (roll < 0.94) return this.send(RemoveScheduleAttendeesDocument, { id, userIds: ['carol'] });
    return this.send(DeleteScheduleDocument, { id });
  }

  /** Half the time a key already used (a client retrying), so that replays and concurrent repeats happen. */
  private createWithKey(): Promise<void> {
    const reuse = this.recentKeys.length > 0 && Math.random() < 0.5;
    const key = reuse ? this.recentKeys[Math.floor(Math.random() * this.recentKeys.length)] : `soak-${this.tally.keys.size}-${Math.random().toString(36).slice(2, 8)}`;
    if (!reuse) {
      this.tally.keys.add(key);
      this.recentKeys.push(key);
      if (this.recentKeys.length > 50) this.recentKeys.shift();
    }
    return this.send(CreateScheduleDocument, { input: scheduleInput({ calendarId: this.calendarId, summary: key }), idempotencyKey: key });
  }

  private async send(doc: Doc, variables: object, keepId = false): Promise<void> {
    this.tally.sent += 1;
    try {
      const response = await request(this.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: text(doc), variables }),
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      this.count(JSON.parse(await response.body.text()) as { data?: Record<string, { id?: string }> | null; errors?: { extensions?: { code?: string } }[] }, keepId);
    } catch (error) {
      this.tally.unmapped.push(`no answer: ${String(error)}`);
    }
  }

  private count(body: { data?: Record<string, { id?: string }> | null; errors?: { extensions?: { code?: string } }[] }, keepId: boolean): void {
    if (!body.errors?.length && body.data) {
      this.tally.data += 1;
      const created = body.data.createSchedule?.id;
      if (keepId && created) this.ids.push(created);
      return;
    }
    const code = body.errors?.[0]?.extensions?.code ?? 'none';
    this.tally.byCode[code] = (this.tally.byCode[code] ?? 0) + 1;
    const strays = (body.errors ?? []).filter((error) => !CONTRACT_CODES.has(error.extensions?.code ?? ''));
    if (strays.length > 0 || !body.errors?.length) this.tally.unmapped.push(JSON.stringify(body).slice(0, 300));
  }
}

const FAULT_PATHS: EmulatorPath[] = [
  '/cgi-bin/oa/schedule/get',
  '/cgi-bin/oa/schedule/add',
  '/cgi-bin/oa/schedule/update',
  '/cgi-bin/oa/schedule/del',
  '/cgi-bin/oa/schedule/get_by_calendar',
];
const ERRCODES = [-1, 45033, 60011, 90461];

/** Every `everyMs`, one random fault: an errcode, a 502, a latency spike past the gateway's timeout, or a lost answer on schedule/add. */
export function injectRandomFaults(emulator: WeComEmulator, everyMs: number, spikeMs: number): { stop: () => void; injected: Record<string, number> } {
  const injected: Record<string, number> = {};
  const note = (kind: string) => (injected[kind] = (injected[kind] ?? 0) + 1);
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];
  const timer = setInterval(() => {
    const roll = Math.random();
    const path = pick(FAULT_PATHS);
    if (roll < 0.5) {
      const errcode = pick(ERRCODES);
      emulator.failNext(path, errcode, 1 + Math.floor(Math.random() * 3));
      note(`errcode ${errcode}`);
    } else if (roll < 0.7) {
      emulator.failNextHttp(path, 502, 1 + Math.floor(Math.random() * 2));
      note('http 502');
    } else if (roll < 0.85) {
      emulator.setLatency(spikeMs, path);
      setTimeout(() => emulator.setLatency(0, path), everyMs / 2).unref();
      note('latency spike');
    } else {
      emulator.loseAnswerNext('/cgi-bin/oa/schedule/add');
      note('lost answer on schedule/add');
    }
  }, everyMs);
  return { stop: () => clearInterval(timer), injected };
}
