/** Idempotency keys are the caller's strings: bounded before they are hashed (API.md, "Writes"). */
export const IDEMPOTENCY_KEY_MAX_CHARS = 255;
