import { spawn, type ChildProcess } from 'node:child_process';

export interface Daemon {
  readonly process: ChildProcess;
  readonly logs: () => string;
  /** SIGTERM, then resolves once it has exited (at once if it already has). */
  stop(): Promise<void>;
}

/**
 * Starts a server binary (Prometheus, Alertmanager) and resolves once `readyUrl` answers 2xx; its
 * stderr is kept for the error message if it exits or is not ready within `timeoutMs`.
 */
export async function startDaemon(
  name: string,
  bin: string,
  args: readonly string[],
  readyUrl: string,
  timeoutMs: number,
): Promise<Daemon> {
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${logs}`);
    const ready = await fetch(readyUrl).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready:\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    process: child,
    logs: () => logs,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
