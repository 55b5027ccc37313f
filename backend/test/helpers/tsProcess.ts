import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const HOOK = path.join(__dirname, 'registerTypescript.js');

/** Runs a TypeScript script in a fresh `node` process; returns its stdout. */
export function runTsScript(script: string, args: readonly string[]): string {
  return execFileSync(process.execPath, ['--require', HOOK, script, ...args], { encoding: 'utf8' });
}

/** Runs a TypeScript module in a worker thread and resolves with the first message it posts. */
export function runTsWorker<T>(script: string, workerData: unknown): Promise<T> {
  const source = `require(${JSON.stringify(HOOK)}); require(${JSON.stringify(script)});`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData });
    worker.once('message', (message: T) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
