import { ErrorCode } from '../../src/errors/error-codes';
import { WeComApiError } from '../../src/errors/gateway-error';
import { ruleForApiErrcode, ruleForTokenErrcode } from '../../src/errors/wecom-errcodes';
import { WeComClient } from '../../src/datasources/wecom/wecom-client';
import { WeComAnswer, WeComHttpClient } from '../../src/http/wecom-http-client';
import { AccessTokenProvider } from '../../src/token/access-token-provider';
import { createLogger } from '../../src/logger';

describe('WeCom errcodes on API calls (ruleForApiErrcode)', () => {
  it.each([40001, 40014, 42001])('marks %p as a rejected token, to refresh and retry once', (errcode) => {
    const rule = ruleForApiErrcode(errcode);
    expect(rule.tokenRejected).toBe(true);
    expect(rule.code).toBe(ErrorCode.AuthFailed);
  });

  it.each([
    [-1, ErrorCode.Unavailable, true],
    [45009, ErrorCode.RateLimited, undefined], // not retried into WeCom's block: the API is paused instead
    [45033, ErrorCode.RateLimited, true],
    [48002, ErrorCode.Forbidden, undefined],
    [60020, ErrorCode.Forbidden, undefined],
    [90466, ErrorCode.Forbidden, undefined],
    [90457, ErrorCode.NotFound, undefined],
    [90459, ErrorCode.NotFound, undefined],
    [90460, ErrorCode.NotFound, undefined],
    [90461, ErrorCode.NotFound, undefined],
  ])('maps %p to %s (transient: %p)', (errcode, code, transient) => {
    const rule = ruleForApiErrcode(errcode);
    expect(rule.code).toBe(code);
    expect(rule.transient).toBe(transient);
    expect(rule.tokenRejected).toBeFalsy();
  });

  it.each([12345, 0x7fffffff, 40013])('maps the unknown errcode %p to WECOM_ERROR', (errcode) => {
    const rule = ruleForApiErrcode(errcode);
    expect(rule.code).toBe(ErrorCode.WeComError);
    expect(rule.tokenRejected).toBeFalsy();
    expect(rule.transient).toBeFalsy();
  });

  it.each([
    [40003, 'input.attendees'],
    [60111, 'input.attendees'],
    [90464, 'input.attendees'],
    [90465, 'input.reminders.repeatType'],
    [90467, 'input.reminders.repeatDayOfWeek'],
    [90471, 'input.reminders.remindTimeDiffs'],
    [90480, 'input.reminders.timezone'],
    [90486, 'input.reminders.repeatInterval'],
    [90487, 'input.reminders.repeatDayOfMonth'],
  ])('maps the input errcode %p to BAD_USER_INPUT naming %s', (errcode, field) => {
    const rule = ruleForApiErrcode(errcode);
    expect(rule).toMatchObject({ code: ErrorCode.BadUserInput, field });
    const error = new WeComApiError(errcode, rule, 'oa/schedule/add');
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, wecomErrcode: errcode });
    expect(error.message.startsWith(`${field}:`)).toBe(true);
  });

  it('gives every mapped rule a caller-safe message', () => {
    for (const errcode of [-1, 40001, 45009, 48002, 60020, 90457, 90461, 90471]) {
      expect(ruleForApiErrcode(errcode).message.length).toBeGreaterThan(0);
    }
  });
});

describe('WeCom errcodes at gettoken (ruleForTokenErrcode)', () => {
  it.each([40001, 40013])('treats %p as a configuration fault: WECOM_AUTH_FAILED, no token refresh', (errcode) => {
    const rule = ruleForTokenErrcode(errcode);
    expect(rule.code).toBe(ErrorCode.AuthFailed);
    expect(rule.tokenRejected).toBeFalsy();
    expect(rule.transient).toBeFalsy();
  });

  it('treats -1 as WECOM_UNAVAILABLE and transient', () => {
    expect(ruleForTokenErrcode(-1)).toMatchObject({ code: ErrorCode.Unavailable, transient: true });
  });

  it('treats 45009 as WECOM_RATE_LIMITED and 60020 as WECOM_FORBIDDEN', () => {
    expect(ruleForTokenErrcode(45009).code).toBe(ErrorCode.RateLimited);
    expect(ruleForTokenErrcode(60020).code).toBe(ErrorCode.Forbidden);
  });

  it('maps an unknown gettoken errcode to WECOM_ERROR', () => {
    expect(ruleForTokenErrcode(99999)).toMatchObject({ code: ErrorCode.WeComError });
    expect(ruleForTokenErrcode(99999).tokenRejected).toBeFalsy();
  });
});

describe('WeComApiError', () => {
  it.each([
    [45009, 60],
    [45033, 1],
  ])('gives the rate-limit errcode %p extensions.retryAfterSeconds %p', (errcode, seconds) => {
    const error = new WeComApiError(errcode, ruleForApiErrcode(errcode), 'oa/schedule/get');
    expect(error.extensions).toEqual({ code: 'WECOM_RATE_LIMITED', wecomErrcode: errcode, retryAfterSeconds: seconds });
  });

  const errmsg = 'not allow to access from your ip, hint: [1700000000_1_abc], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=60020';

  it('builds its message from the rule and errcode, never from WeCom\'s errmsg', () => {
    const error = new WeComApiError(60020, ruleForApiErrcode(60020), 'oa/schedule/get');
    expect(error.message).toContain(ruleForApiErrcode(60020).message);
    expect(error.message).toContain('60020');
    expect(error.message).toContain('oa/schedule/get');
    expect(error.extensions).toEqual({ code: 'WECOM_FORBIDDEN', wecomErrcode: 60020 });
    expect(error.errcode).toBe(60020);
  });

  it('keeps the errmsg of a WeCom answer out of the error a WeComClient raises', async () => {
    const logLines: string[] = [];
    const logger = createLogger({ level: 'fatal', secrets: [], destination: { write: (line) => void logLines.push(line) } });
    const http = { send: async (): Promise<WeComAnswer> => ({ errcode: 60020, errmsg }) } as unknown as WeComHttpClient;
    const tokens = { getToken: async () => 'token', invalidate: async () => undefined } as unknown as AccessTokenProvider;
    const client = new WeComClient({ http, tokens, logger });

    const error = await client.read('oa/schedule/get', {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WeComApiError);
    const apiError = error as WeComApiError;
    expect(apiError.extensions).toMatchObject({ code: 'WECOM_FORBIDDEN', wecomErrcode: 60020 });
    const visible = JSON.stringify({ message: apiError.message, extensions: apiError.extensions });
    expect(visible).not.toContain('203.0.113.7');
    expect(visible).not.toContain('not allow to access');
    expect(visible).not.toContain('hint');
  });
});
