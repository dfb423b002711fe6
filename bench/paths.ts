import { join } from 'node:path';

/** The repository root (bench/ lives directly under it). */
export const ROOT_DIR = join(__dirname, '..');
/** Where `tsc -p bench/tsconfig.children.json` puts the compiled emulator and peer processes. */
export const BUILD_DIR = join(__dirname, '.build');
/** The gateway as `npm run build` emits it. */
export const GATEWAY_ENTRY = join(ROOT_DIR, 'dist', 'index.js');
export const RESULTS_FILE = join(__dirname, 'RESULTS.md');
/** The sync suite's report (BENCH_SUITES=sync). */
export const SYNC_RESULTS_FILE = join(__dirname, 'RESULTS-sync.md');
export const PROFILE_DIR = join(__dirname, 'profiles');
/** The quota suite's report (BENCH_SUITES=quota). */
export const QUOTA_RESULTS_FILE = join(__dirname, 'RESULTS-quota.md');
