import { ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A child process of the benchmark; every one is registered so that it is stopped whatever happens. */
export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The last lines it wrote (stdout and stderr), for error messages. */
  recentOutput(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const children = new Set<Child>();

/** Kills every child still running (synchronous, so it also works from an 'exit' handler). */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  }
  children.clear();
}

process.once('exit', killAllChildren);

/** A compiled script (a node process with an IPC channel). */
export function forkChild(name: string, script: string, env: NodeJS.ProcessEnv): Child {
  return register(name, fork(script, [], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [] }));
}

/** `node <nodeArgs> <script>` without IPC (the gateway, as it runs in production). */
export function spawnNode(name: string, nodeArgs: string[], script: string, env: NodeJS.ProcessEnv): Child {
  return register(name, spawn(process.execPath, [...nodeArgs, script], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

function register(name: string, proc: ChildProcess): Child {
  if (proc.pid === undefined) throw new Error(`${name}: could not start`);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 50) lines.splice(0, lines.length - 50);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const child: Child = {
    name,
    pid: proc.pid,
    process: proc,
    recentOutput: () => lines.join('\n'),
    async stop(graceMs = 10_000) {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
    },
  };
  children.add(child);
  return child;
}

/** Resolves with the first IPC message matching `accept`; rejects if the child exits first or after `timeoutMs`. */
export function firstMessage<T>(child: Child, accept: (message: unknown) => message is T, timeoutMs = 60_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.process.off('message', onMessage);
      child.process.off('exit', onExit);
    };
    const onMessage = (message: unknown) => {
      if (!accept(message)) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${child.name} exited (code ${code}) before it was ready:\n${child.recentOutput()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${child.name} not ready within ${timeoutMs} ms:\n${child.recentOutput()}`));
    }, timeoutMs);
    child.process.on('message', onMessage);
    child.process.once('exit', onExit);
  });
}

/** Resolves with the first stdout line for which `match` returns a value (e.g. the gateway's "ready" log line). */
export function firstOutputLine<T>(child: Child, match: (line: string) => T | undefined, timeoutMs = 60_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let buffered = '';
    const cleanup = () => {
      clearTimeout(timer);
      child.process.stdout?.off('data', onData);
      child.process.off('exit', onExit);
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const found = match(line);
        if (found === undefined) continue;
        cleanup();
        resolve(found);
        return;
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${child.name} exited (code ${code}) before it was ready:\n${child.recentOutput()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${child.name} not ready within ${timeoutMs} ms:\n${child.recentOutput()}`));
    }, timeoutMs);
    child.process.stdout?.on('data', onData);
    child.process.once('exit', onExit);
  });
}

/** Peak resident set size (VmHWM) of a running process, in MiB; undefined when /proc has no such process. */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

/** CPU time a process has used (user + system), in clock ticks (1/100 s); undefined when it is gone. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm)": state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}
