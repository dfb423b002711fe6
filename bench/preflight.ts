import { isDeepStrictEqual } from 'node:util';
import type { Fixtures } from './fixtures';
import { HUNDRED, Scenario, idWindows } from './scenarios';
import { Target, measures } from './targets';

interface GraphQLAnswer {
  data?: Record<string, unknown>;
  errors?: unknown[];
}

/** The parsed GraphQL answers of one target, by scenario (ids of created schedules left out). */
export type PreflightAnswers = Map<string, unknown>;

/**
 * Before any load: one request per scenario, checked in depth (the load run only checks cheaply).
 * Answers the GraphQL data, so that the peer's can be compared with the gateway's.
 */
export async function preflight(target: Target, scenarios: Scenario[], fixtures: Fixtures): Promise<PreflightAnswers> {
  const answers: PreflightAnswers = new Map();
  for (const scenario of scenarios.filter((s) => measures(target, s))) {
    const plan = target.plan(scenario, fixtures);
    const response = await fetch(`${target.origin}${plan.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...plan.headers },
      body: plan.bodies[0],
    });
    const text = await response.text();
    const where = `${target.name} / ${scenario.name}`;
    if (response.status !== 200 || !plan.verify(text)) throw new Error(`preflight ${where}: HTTP ${response.status} ${text.slice(0, 500)}`);
    if (target.name === 'direct') continue;
    const answer = JSON.parse(text) as GraphQLAnswer;
    checkGraphQL(scenario, fixtures, answer, where);
    answers.set(scenario.name, withoutIds(scenario, answer.data));
  }
  return answers;
}

/** The peer must do the same work as the gateway: the same answers to the same requests. */
export function assertSameAnswers(peer: PreflightAnswers, gateway: PreflightAnswers, peerName = 'peer'): void {
  for (const [scenario, answer] of gateway) {
    if (!peer.has(scenario) || isDeepStrictEqual(peer.get(scenario), answer)) continue;
    throw new Error(
      `preflight ${scenario}: ${peerName} and gateway answer differently\n${peerName}: ${JSON.stringify(peer.get(scenario))}\n` +
        `gateway: ${JSON.stringify(answer)}`,
    );
  }
}

function checkGraphQL(scenario: Scenario, fixtures: Fixtures, answer: GraphQLAnswer, where: string): void {
  const fail = (why: string) => new Error(`preflight ${where}: ${why}: ${JSON.stringify(answer).slice(0, 500)}`);
  if (answer.errors || !answer.data) throw fail('errors');
  const data = answer.data;
  switch (scenario.name) {
    case 'one-by-id':
      if ((data.schedule as { id?: string } | null)?.id !== fixtures.ids[0]) throw fail('wrong schedule');
      return;
    case 'hundred-by-id': {
      const got = (data.schedules as ({ id: string } | null)[]).map((s) => s?.id);
      if (!isDeepStrictEqual(got, idWindows(fixtures.ids, HUNDRED)[0])) throw fail('wrong schedules');
      return;
    }
    case 'create':
      if (!(data.createSchedule as { id?: string }).id) throw fail('no id');
      return;
    case 'update': {
      const updated = data.updateSchedule as { id: string; summary: string; attendees: unknown[] };
      if (updated.id !== fixtures.ids[0] || updated.summary !== 'Bench update 0' || updated.attendees.length !== 3) {
        throw fail('patch not applied as expected');
      }
      return;
    }
  }
}

/** Created schedules get new ids; everything else must match. */
function withoutIds(scenario: Scenario, data: Record<string, unknown> | undefined): unknown {
  if (scenario.name !== 'create' || !data) return data;
  const { id: _id, ...rest } = data.createSchedule as Record<string, unknown>;
  return rest;
}
