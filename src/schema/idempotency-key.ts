import { IDEMPOTENCY_KEY_MAX_CHARS } from '../domain/idempotency-key';

/** The schema's description of the idempotencyKey argument of the creates. */
export const IDEMPOTENCY_KEY_DESCRIPTION =
  `At most ${IDEMPOTENCY_KEY_MAX_CHARS} characters. The same key from the same caller within 24 hours answers the first request's result without creating again (a concurrent repeat waits for it); the same key with a different input is BAD_USER_INPUT.`;
