import { randomBytes } from 'node:crypto';

/** Short English errmsg texts as WeCom sends them (before the hint suffix). WECOM.md sections 1 and 6. */
const BASE_ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system is busy',
  40001: 'invalid credential',
  40003: 'invalid userid',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40056: 'invalid agentid',
  40058: 'invalid parameter',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  60111: 'userid not found',
  301002: 'access_token and agentid mismatch',
  90457: 'invalid cal_id',
  90458: 'cal_id list is empty',
  90459: 'calendar has been deleted',
  90460: 'schedule has been deleted',
  90461: 'invalid schedule_id',
  90462: 'schedule_id list is empty',
  90464: 'attendees count exceed limit',
  90465: 'invalid repeat_type',
  90466: 'can not operate calendar or schedule created by other app',
  90467: 'invalid repeat_day_of_week',
  90469: 'page size exceed limit',
  90470: 'invalid page',
  90471: 'invalid remind time',
  90473: 'invalid color',
  90480: 'invalid timezone',
  90482: 'invalid op_start_time',
  90483: 'public_range required for public or corp calendar',
  90484: 'only-this mode can not set a repeating schedule',
  90485: 'invalid op_mode',
  90486: 'repeat_interval missing',
  90487: 'invalid repeat_day_of_month',
  90488: 'start_time must be after op_start_time',
  90492: 'admin not in member list',
};

/** A WeCom business error: answered as HTTP 200 `{errcode, errmsg}`. */
export class WeComError extends Error {
  constructor(
    readonly errcode: number,
    /** Overrides the generic text, e.g. "missing parameter start_time" for 40058. */
    readonly detail?: string,
  ) {
    super(`WeCom errcode ${errcode}${detail ? `: ${detail}` : ''}`);
    this.name = 'WeComError';
  }
}

/** The bare text, as used inside per-member `fail_result` items (no hint suffix there [U]). */
export function baseErrmsg(errcode: number): string {
  return BASE_ERRMSG[errcode] ?? 'unknown error';
}

let hintSequence = 0;

/**
 * Real errmsg format, e.g. `invalid access_token, hint: [1680690201_12_abc...], from ip: 127.0.0.1,
 * more info at https://open.work.weixin.qq.com/devtool/query?e=40014`. The gateway must never forward it.
 */
export function formatErrmsg(errcode: number, clientIp: string, detail?: string): string {
  if (errcode === 0) return 'ok';
  const base = detail ?? BASE_ERRMSG[errcode] ?? 'unknown error';
  hintSequence += 1;
  const hint = `${Math.floor(Date.now() / 1000)}_${hintSequence}_${randomBytes(16).toString('hex')}`;
  return `${base}, hint: [${hint}], from ip: ${clientIp}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

export function errorBody(errcode: number, clientIp: string, detail?: string): { errcode: number; errmsg: string } {
  return { errcode, errmsg: formatErrmsg(errcode, clientIp, detail) };
}
