import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import type { EmulatorApp } from '../../src/emulator/app-identity';
import type { EmulatorControl } from '../emulator-control';
import { BUILD_DIR, GATEWAY_ENTRY } from '../paths';
import { Child, firstMessage, firstOutputLine, forkChild, spawnNode } from '../processes';
import { wecomEnv } from '../targets';
import type { LabelReport, SubscriberCommand, SubscriberCommandBody, SubscriberReply } from './subscriber-protocol';

/**
 * A fresh app per run: its corp id names every Redis key of the run (feed, inbox, budget are keyed by app),
 * and WeCom's quota is per corp.
 */
export function freshApp(prefix = 'bench-sync'): EmulatorApp {
  return { corpId: `${prefix}-${randomBytes(6).toString('hex')}`, corpSecret: randomBytes(16).toString('hex'), agentId: 1000002 };
}

/** The callback settings an admin would type into WeCom's console: Token (32 characters) and EncodingAESKey (43). */
export function freshCallbackSettings(): { token: string; encodingAesKey: string } {
  return { token: randomBytes(16).toString('hex'), encodingAesKey: randomBytes(32).toString('base64').slice(0, 43) };
}

export interface SyncGateway {
  name: string;
  child: Child;
  /** http://127.0.0.1:port */
  origin: string;
}

/**
 * `node dist/index.js` in production mode, pointed at the emulator as `app`, with the callback settings.
 * Reconciliation is off (RECONCILE_INTERVAL_MS=0): its sweeps would add WeCom calls and feed entries of their own.
 * `extraEnv` comes last (the quota suite sets the call budget and the read path's settings).
 */
export async function startSyncGateway(
  name: string,
  emulator: EmulatorControl,
  app: EmulatorApp,
  callback: { token: string; encodingAesKey: string },
  cacheUrl?: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<SyncGateway> {
  const env: NodeJS.ProcessEnv = {
    ...wecomEnv(emulator, app),
    WECOM_AGENT_ID: String(app.agentId),
    WECOM_CALLBACK_TOKEN: callback.token,
    WECOM_CALLBACK_AES_KEY: callback.encodingAesKey,
    RECONCILE_INTERVAL_MS: '0',
    ...(cacheUrl ? { CACHE_URL: cacheUrl } : {}),
    ...extraEnv,
  };
  const child = spawnNode(name, [], GATEWAY_ENTRY, env);
  const url = await firstOutputLine(child, (line) => (line.includes('gateway ready at') ? (JSON.parse(line) as { url: string }).url : undefined));
  return { name, child, origin: new URL(url.replace('localhost', '127.0.0.1')).origin };
}

/** The orchestrator's handle on the subscriber process. */
export class SubscriberControl {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: SubscriberReply) => void>();

  private constructor(readonly child: Child) {
    child.process.on('message', (message: unknown) => {
      const reply = message as SubscriberReply;
      if (reply?.type !== 'reply') return;
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  /** Forks the process and opens `subscribers` connections to `graphqlOrigin`'s /graphql, each subscribed. */
  static async start(graphqlOrigin: string, subscribers: number): Promise<SubscriberControl> {
    const child = forkChild('subscribers', join(BUILD_DIR, 'bench', 'sync', 'subscriber-process.js'), { ...process.env, NODE_ENV: 'production' });
    await firstMessage(child, (m): m is { type: 'ready' } => (m as { type?: string } | undefined)?.type === 'ready');
    const control = new SubscriberControl(child);
    await control.send({ cmd: 'start', url: `${graphqlOrigin.replace(/^http/, 'ws')}/graphql`, subscribers });
    return control;
  }

  async begin(label: string): Promise<void> {
    await this.send({ cmd: 'begin', label });
  }

  async count(label: string): Promise<{ received: number; subscribersReached: number }> {
    return (await this.send({ cmd: 'count', label })).count!;
  }

  async report(label: string, expected: number): Promise<LabelReport> {
    return (await this.send({ cmd: 'report', label, expected })).report!;
  }

  async stop(): Promise<void> {
    await this.send({ cmd: 'stop' }).catch(() => undefined);
    await this.child.stop();
  }

  private send(command: SubscriberCommandBody): Promise<SubscriberReply> {
    const id = this.nextId++;
    return new Promise<SubscriberReply>((resolve, reject) => {
      this.pending.set(id, (reply) => (reply.error ? reject(new Error(`subscribers ${command.cmd}: ${reply.error}`)) : resolve(reply)));
      const message: SubscriberCommand = { ...command, id };
      this.child.process.send(message, (error) => {
        if (error) {
          this.pending.delete(id);
          reject(error);
        }
      });
    });
  }
}

/** Whether Redis answers PING at `url` within a second. */
export async function redisReachable(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (client.isOpen) await client.quit().catch(() => undefined);
  }
}

/** Deletes every key naming the run's corp id (the run's feed, inbox, budget, locks, token); answers how many. */
export async function deleteRunKeys(url: string, corpId: string): Promise<number> {
  const client = createClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  let deleted = 0;
  try {
    for await (const keys of client.scanIterator({ MATCH: `*${corpId}*`, COUNT: 500 })) {
      const batch = Array.isArray(keys) ? keys : [keys];
      if (batch.length > 0) deleted += await client.del(batch);
    }
  } finally {
    await client.quit().catch(() => undefined);
  }
  return deleted;
}
