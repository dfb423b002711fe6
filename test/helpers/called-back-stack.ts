import { randomBytes } from 'node:crypto';
import { generateEncodingAesKey } from '../../src/callbacks/wxbiz-msg-crypt';
import { TestStack, TestStackOptions } from './test-stack';

/**
 * A gateway with WeCom's callbacks on (fresh Token and EncodingAESKey), its emulator's app calling back
 * to it as an admin would set it up (the URL verified first). `start` is the suite's stack starter.
 */
export async function stackCalledBack(
  start: (options?: TestStackOptions) => Promise<TestStack>,
  options: TestStackOptions = {},
): Promise<TestStack> {
  const callback = { token: randomBytes(8).toString('hex'), encodingAesKey: generateEncodingAesKey() };
  const stack = await start({ ...options, gateway: { ...options.gateway, callback: { ...options.gateway?.callback, ...callback } } });
  stack.emulator.setCallback({ url: `http://127.0.0.1:${stack.gateway.port}/wecom/callback`, ...callback }, stack.app);
  if (!(await stack.emulator.verifyCallbackUrl(stack.app))) throw new Error('the gateway did not answer WeCom’s URL verification');
  return stack;
}
