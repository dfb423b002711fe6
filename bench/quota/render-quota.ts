import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_DIR, QUOTA_RESULTS_FILE } from '../paths';
import { renderQuotaReport } from './quota-report';
import type { QuotaFacts } from './run-quota';

/**
 * `npx ts-node bench/quota/render-quota.ts [facts.json]`: renders RESULTS-quota.md again from a run's saved
 * facts (default bench/.build/last-quota-run.json), e.g. after a change to the report, without measuring again.
 */
const file = process.argv[2] ?? join(BUILD_DIR, 'last-quota-run.json');
const saved = JSON.parse(readFileSync(file, 'utf8')) as QuotaFacts & { startedAt: string; finishedAt: string };
const facts: QuotaFacts = { ...saved, startedAt: new Date(saved.startedAt), finishedAt: new Date(saved.finishedAt) };
writeFileSync(QUOTA_RESULTS_FILE, renderQuotaReport(facts));
process.stdout.write(`rendered ${QUOTA_RESULTS_FILE} from ${file}\n`);
