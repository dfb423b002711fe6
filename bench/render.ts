import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunFacts } from './facts';
import { NOTES } from './notes';
import { BUILD_DIR, RESULTS_FILE } from './paths';
import { renderReport } from './report';

/**
 * `npx ts-node bench/render.ts [facts.json]`: renders RESULTS.md again from a run's saved facts
 * (default bench/.build/last-run.json), e.g. after a change to the report, without measuring again.
 */
const file = process.argv[2] ?? join(BUILD_DIR, 'last-run.json');
const saved = JSON.parse(readFileSync(file, 'utf8')) as RunFacts & { startedAt: string; finishedAt: string };
const facts: RunFacts = { ...saved, startedAt: new Date(saved.startedAt), finishedAt: new Date(saved.finishedAt) };
facts.config.gatewayNodeArgs ??= [];
writeFileSync(RESULTS_FILE, renderReport(facts, NOTES));
process.stdout.write(`rendered ${RESULTS_FILE} from ${file}\n`);
