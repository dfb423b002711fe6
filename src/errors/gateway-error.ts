import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes';
import { ErrcodeRule } from './wecom-errcodes';

/** Base of every error we raise on purpose: its message and extensions are safe to show a caller. */
export class GatewayError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
    this.name = 'GatewayError';
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

/** Input that breaks a WeCom limit; `field` is the path of the offending input field. */
export class UserInputError extends GatewayError {
  constructor(field: string, message: string, extra: Record<string, unknown> = {}) {
    super(`${field}: ${message}`, ErrorCode.BadUserInput, { field, ...extra });
    this.name = 'UserInputError';
  }
}

/** A WeCom answer with a non-zero errcode, mapped through the errcode table. */
export class WeComApiError extends GatewayError {
  readonly rule: ErrcodeRule;
  readonly errcode: number;

  constructor(errcode: number, rule: ErrcodeRule, endpoint: string) {
    const extensions: Record<string, unknown> = { wecomErrcode: errcode };
    if (rule.field) extensions.field = rule.field;
    if (rule.retryAfterSeconds !== undefined) extensions.retryAfterSeconds = rule.retryAfterSeconds;
    const subject = rule.field ? `${rule.field}: ${rule.message}` : rule.message;
    super(`${subject} (WeCom ${endpoint}, errcode ${errcode})`, rule.code, extensions);
    this.name = 'WeComApiError';
    this.rule = rule;
    this.errcode = errcode;
  }
}

/**
 * WeCom did not answer usably (timeout, reset, refused, 5xx). A write may still have been applied,
 * which is why writes are never repeated after it.
 */
export class WeComUnavailableError extends GatewayError {
  /** The WeCom endpoint, e.g. 'oa/schedule/add' (never the URL). */
  readonly endpoint: string;
  /** False only when the request certainly never reached WeCom (no connection): then nothing was applied. */
  readonly requestSent: boolean;

  constructor(reason: string, endpoint: string, options: { requestSent?: boolean } = {}) {
    super(`WeCom is unavailable: ${reason} (WeCom ${endpoint})`, ErrorCode.Unavailable);
    this.name = 'WeComUnavailableError';
    this.endpoint = endpoint;
    this.requestSent = options.requestSent ?? true;
  }
}

export class NotFoundError extends GatewayError {
  constructor(message: string) {
    super(message, ErrorCode.NotFound);
    this.name = 'NotFoundError';
  }
}
