import { accessSync, constants } from 'node:fs';
import type { LaunchOptions } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); Playwright's own browser download is not used. */
export const CHROMIUM_PATH = process.env.TEST_CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launch options for headless Chromium on a machine with a closed network: no sandbox (we run as
 * root), and none of Chromium's own background traffic (updates, sync, safe browsing …), so that any
 * request a page makes is the page's own.
 */
export const CHROMIUM_LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/**
 * Whether the Chromium executable is there, checked synchronously so a suite can choose `describe`
 * or `describe.skip` at load time. CI sets REQUIRE_BROWSER=1: there a missing browser fails the run.
 */
export function browserAvailability(): { available: boolean; reason: string } {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return { available: true, reason: '' };
  } catch {
    return { available: false, reason: `no Chromium executable at ${CHROMIUM_PATH} (install it with: apt-get install chromium)` };
  }
}

/** `describe`, or `describe.skip` with a printed reason; fails instead when REQUIRE_BROWSER=1. */
export function describeWithBrowser(name: string, body: () => void): void {
  const { available, reason } = browserAvailability();
  if (available) return describe(name, body);
  if (process.env.REQUIRE_BROWSER === '1') {
    describe(name, () => {
      it('needs Chromium (REQUIRE_BROWSER=1)', () => {
        throw new Error(`${reason}; install Chromium or unset REQUIRE_BROWSER`);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`Skipping "${name}": ${reason} (set REQUIRE_BROWSER=1 to make this a failure)`);
  describe.skip(name, body);
}
