import { WeComEmulator } from '../src/emulator/wecom-emulator';
import { COUNTED_PATHS, CallTotals, EmulatorCommand, EmulatorReady, EmulatorReply } from './child-protocol';

/**
 * The WeCom emulator in its own process (forked by the orchestrator), so that neither the load
 * generator nor the target under test shares its event loop. Commands arrive over IPC.
 *
 * The emulator logs every call it receives; the log is folded into running totals twice a second and
 * cleared, so a long benchmark neither grows it without bound nor slows counting down.
 */
async function main(): Promise<void> {
  const emulator = await WeComEmulator.start({ host: '127.0.0.1' });
  const totals = Object.fromEntries(COUNTED_PATHS.map((path) => [path, 0])) as CallTotals;
  const fold = (): CallTotals => {
    for (const path of COUNTED_PATHS) totals[path] += emulator.callCount(path);
    emulator.resetCalls();
    return { ...totals };
  };
  setInterval(fold, 500).unref();

  process.on('message', (message: EmulatorCommand) => {
    if (message.cmd === 'setLatency') emulator.setLatency(message.ms);
    const reply: EmulatorReply = { type: 'reply', id: message.id, totals: fold() };
    process.send?.(reply);
  });
  process.once('disconnect', () => void emulator.close().finally(() => process.exit(0)));
  const ready: EmulatorReady = { type: 'ready', baseUrl: emulator.baseUrl };
  process.send?.(ready);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator failed to start: ${String(error)}\n`);
  process.exit(1);
});
