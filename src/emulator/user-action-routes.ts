import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText } from './http-io';
import { isJsonObject, type JsonObject } from './schedule-rules';
import { UserActionError } from './user-actions';

/**
 * HTTP controls that act as a person in the WeCom app (demo mode, tests): `POST /emulator/act/<action>` with
 * a JSON object. Only served when the emulator was started with `userActionRoutes: true`.
 */
export const USER_ACTION_PATH_PREFIX = '/emulator/act/';

/** Bodies are a few ids and short texts. */
export const MAX_USER_ACTION_BODY_BYTES = 16 * 1024;

/** An action: its JSON fields are checked against `fields`, then handed to `run`. */
interface ActionRoute {
  /** Field name → expected type; every other field is refused (a typo must not pass silently). */
  fields: Readonly<Record<string, FieldType>>;
  run: (input: JsonObject) => object;
}

type FieldType = 'string' | 'boolean' | 'time';

export type UserActionRunners = Record<'modify-schedule' | 'cancel-schedule' | 'respond-schedule' | 'modify-calendar' | 'delete-calendar', (input: JsonObject) => object>;

const ACTOR = { userId: 'string', silently: 'boolean' } as const;

const FIELDS: Readonly<Record<keyof UserActionRunners, ActionRoute['fields']>> = {
  'modify-schedule': { scheduleId: 'string', summary: 'string', description: 'string', location: 'string', startTime: 'time', endTime: 'time', ...ACTOR },
  'cancel-schedule': { scheduleId: 'string', ...ACTOR },
  'respond-schedule': { scheduleId: 'string', response: 'string', ...ACTOR },
  'modify-calendar': { calId: 'string', summary: 'string', description: 'string', color: 'string', ...ACTOR },
  'delete-calendar': { calId: 'string', ...ACTOR },
};

class RouteError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Answers one request under USER_ACTION_PATH_PREFIX: 200 with the result, or 4xx `{error: {code, message}}`. */
export async function answerUserAction(req: IncomingMessage, res: ServerResponse, path: string, runners: UserActionRunners): Promise<void> {
  try {
    const name = path.slice(USER_ACTION_PATH_PREFIX.length) as keyof UserActionRunners;
    if (!Object.hasOwn(FIELDS, name)) {
      throw new RouteError(404, 'UNKNOWN_ACTION', `unknown action; POST one of ${Object.keys(FIELDS).map((n) => USER_ACTION_PATH_PREFIX + n).join(', ')}`);
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      throw new RouteError(405, 'METHOD_NOT_ALLOWED', 'use POST with a JSON object');
    }
    // A JSON content type: a browser page elsewhere cannot send one without a preflight this server never allows.
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      throw new RouteError(415, 'UNSUPPORTED_MEDIA_TYPE', "send the body with 'content-type: application/json'");
    }
    const input = checkFields(parseObject(await readCapped(req)), FIELDS[name]);
    sendJsonStatus(res, 200, { ok: true, ...runners[name](input) });
  } catch (error) {
    const refusal = asRouteError(error);
    if (refusal.status === 413) res.setHeader('connection', 'close');
    sendJsonStatus(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
  }
}

function asRouteError(error: unknown): RouteError {
  if (error instanceof RouteError) return error;
  if (error instanceof UserActionError) {
    const [status, code] = { invalid: [400, 'BAD_INPUT'], 'not-found': [404, 'NOT_FOUND'], conflict: [409, 'CONFLICT'] }[error.reason] as [number, string];
    return new RouteError(status, code, error.message);
  }
  throw error;
}

/** Reads at most MAX_USER_ACTION_BODY_BYTES; stops reading (413) past that. */
async function readCapped(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_USER_ACTION_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_USER_ACTION_BODY_BYTES) throw tooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(): RouteError {
  return new RouteError(413, 'BODY_TOO_LARGE', `the body is over ${MAX_USER_ACTION_BODY_BYTES} bytes`);
}

function parseObject(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RouteError(400, 'BAD_JSON', 'the body is not JSON');
  }
  if (!isJsonObject(value)) throw new RouteError(400, 'BAD_JSON', 'the body must be a JSON object');
  return value;
}

/** Types per field; times are unix seconds or an ISO 8601 date-time with an offset (converted to seconds). */
function checkFields(input: JsonObject, fields: ActionRoute['fields']): JsonObject {
  const checked: JsonObject = {};
  for (const [key, value] of Object.entries(input)) {
    const type = fields[key];
    if (!Object.hasOwn(fields, key)) throw new RouteError(400, 'BAD_INPUT', `unknown field ${JSON.stringify(key.slice(0, 64))}; fields: ${Object.keys(fields).join(', ')}`);
    if (value === null) continue;
    if (type === 'time') checked[key] = toUnixSeconds(key, value);
    else if (typeof value !== type) throw new RouteError(400, 'BAD_INPUT', `${key} must be a ${type}`);
    else checked[key] = value;
  }
  return checked;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function toUnixSeconds(key: string, value: unknown): unknown {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && ISO_WITH_OFFSET.test(value) && !Number.isNaN(Date.parse(value))) {
    return Math.floor(Date.parse(value) / 1000);
  }
  throw new RouteError(400, 'BAD_INPUT', `${key} must be unix seconds or an ISO 8601 date-time with an offset`);
}

function sendJsonStatus(res: ServerResponse, status: number, payload: object): void {
  sendText(res, status, 'application/json; charset=utf-8', `${JSON.stringify(payload)}\n`); // a line of its own when curl prints it
}
