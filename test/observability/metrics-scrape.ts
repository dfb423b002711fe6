import { request } from 'undici';
import type { RunningGateway } from '../../src/gateway';

/** GET /metrics of a gateway, as Prometheus scrapes it (no credentials). */
export async function scrape(gateway: RunningGateway): Promise<string> {
  const response = await request(`http://127.0.0.1:${gateway.port}/metrics`);
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`/metrics answered ${response.statusCode}: ${text}`);
  return text;
}

/** The value of one series (its labels exactly as given, in any order); 0 when the series does not exist yet. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`).sort();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const match = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const have = (match[1] ?? '').split(/,(?=[a-z_]+=")/).filter(Boolean).sort();
    if (have.length === wanted.length && have.every((pair, i) => pair === wanted[i])) return Number(match[2]);
  }
  return 0;
}

/** The sum of a metric over every series whose labels include the given ones. */
export function total(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((pair) => line.includes(pair)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** How many series of a metric the scrape holds. */
export function seriesCount(text: string, name: string): number {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`)).length;
}
