import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { generateEncodingAesKey } from './callbacks/wxbiz-msg-crypt';
import { ConfigError, GatewayConfig, WeComAppConfig, loadConfig } from './config';
import { DemoData, seedDemoData } from './emulator/demo-data';
import { WeComEmulator, DEMO_APP } from './emulator/wecom-emulator';
import { RunningGateway, startGateway } from './gateway';
import { createLogger } from './logger';

/** Entry point: configuration from the environment, demo mode when no WeCom corp is configured. */
async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(1);
  }
  const jwtKey = config.auth.jwt?.key;
  // Demo mode: the emulator calls back like WeCom, with settings made up here unless given.
  const callback = config.sync.callback ?? (config.wecom ? undefined : { token: randomBytes(16).toString('hex'), encodingAesKey: generateEncodingAesKey() });
  const secrets = [
    ...(config.wecom ? [config.wecom.corpSecret] : []),
    ...(jwtKey?.kind === 'secret' ? [jwtKey.secret] : []),
    ...(callback ? [callback.token, callback.encodingAesKey] : []),
  ];
  const logger = createLogger({ level: config.logLevel, secrets });

  let emulator: WeComEmulator | undefined;
  let wecom: WeComAppConfig;
  let demoData: DemoData | undefined;
  if (config.wecom) {
    wecom = config.wecom;
  } else {
    emulator = await startDemoEmulator(config.port);
    wecom = { corpId: DEMO_APP.corpId, corpSecret: DEMO_APP.corpSecret, agentId: DEMO_APP.agentId, apiBaseUrl: emulator.baseUrl };
    demoData = await seedDemoData(emulator.baseUrl); // what the explorer's sample query lists
    logger.warn(
      { emulator: emulator.baseUrl },
      'DEMO MODE: no WECOM_CORP_ID set, serving against the built-in WeCom emulator on loopback (data is in memory only)',
    );
  }

  const gateway = await startGateway({
    wecom,
    logger,
    port: config.port,
    cacheUrl: config.cacheUrl,
    wecomTimeoutMs: config.wecomTimeoutMs,
    lockWaitMs: config.lockWaitMs,
    production: config.production,
    explorer: config.explorer,
    limits: config.limits,
    explorerSample: demoData,
    corsOrigins: config.corsOrigins,
    callBudget: config.callBudget,
    auth: config.auth,
    shutdownGraceMs: config.shutdownGraceMs,
    breaker: config.breaker,
    feed: { maxChanges: config.sync.feedMaxChanges },
    callback,
    reconcileIntervalMs: config.sync.reconcileIntervalMs,
    calendarIds: config.sync.calendarIds,
    readCache: { ttlMs: config.readCacheTtlMs },
    coalescing: config.coalescing,
  });
  if (emulator && demoData && callback) await wireDemoCallbacks(emulator, demoData, gateway.port, callback, logger);
  logger.info({ url: gateway.url.replace('127.0.0.1', 'localhost') }, `gateway ready at http://localhost:${gateway.port}/graphql`);
  stopOnSignals(gateway, emulator, logger);
}

/**
 * Demo mode: the emulator's app calls back to this gateway, as an admin would set it in WeCom's console
 * (saving the URL runs WeCom's verification), and one log line shows how to act as a WeCom user.
 */
async function wireDemoCallbacks(
  emulator: WeComEmulator,
  demoData: DemoData,
  gatewayPort: number,
  callback: { token: string; encodingAesKey: string },
  logger: Logger,
): Promise<void> {
  emulator.setCallback({ url: `http://127.0.0.1:${gatewayPort}/wecom/callback`, ...callback });
  const callbackUrlVerified = await emulator.verifyCallbackUrl();
  const body = JSON.stringify({ scheduleId: demoData.scheduleId, summary: 'Moved in WeCom' });
  const act = `${emulator.baseUrl}/emulator/act/modify-schedule`;
  logger.info(
    { emulator: emulator.baseUrl, scheduleId: demoData.scheduleId, callbackUrlVerified },
    `act as a WeCom user (the change calls back to /wecom/callback): curl -sS -H 'content-type: application/json' -d '${body}' ${act}`,
  );
}

/**
 * The demo's emulator on the gateway's port + 1 (4001 by default), so the README's "act as a WeCom user"
 * commands work as written; on a random port when that one is taken.
 */
async function startDemoEmulator(gatewayPort: number): Promise<WeComEmulator> {
  if (gatewayPort > 0 && gatewayPort < 65535) {
    try {
      return await WeComEmulator.start({ userActionRoutes: true, port: gatewayPort + 1 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  return WeComEmulator.start({ userActionRoutes: true });
}

function stopOnSignals(gateway: RunningGateway, emulator: WeComEmulator | undefined, logger: Logger): void {
  let stopping: Promise<void> | undefined;
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping: /ready answers 503, requests in flight may finish within SHUTDOWN_GRACE_MS');
    try {
      await gateway.stop();
      await emulator?.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'stopping failed');
      process.exit(1);
    }
  };
  // `on`, not `once`: a repeated signal (a supervisor resending SIGTERM, Ctrl-C twice) joins the drain
  // already running instead of killing the process with its writes in flight.
  const onSignal = (signal: string) => {
    if (stopping) return logger.info({ signal }, 'already stopping');
    stopping = stop(signal);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Gateway failed to start: ${startFailure(error)}\n`);
  process.exit(1);
});

/** Node's listen error says EADDRINUSE and an address; tell the user what to do about it. */
function startFailure(error: unknown): string {
  const { code, port, message } = error as { code?: string; port?: number; message?: string };
  if (code === 'EADDRINUSE') {
    const next = typeof port === 'number' && port > 0 && port < 65535 ? port + 1 : 4001;
    return `port ${port ?? ''} is already in use (another gateway or program listens there). Stop that program, or choose another port: PORT=${next} npm start`;
  }
  return message ?? String(error);
}
