import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MAIN = path.resolve(__dirname, '../../backend/dist/src/main.js');

export interface LiveBackend {
  readonly url: string;
  stop(): Promise<void>;
}

/** The built backend as its own process (as deployed), on a free port with a throw-away data dir. */
export async function startLiveBackend(env: Record<string, string>): Promise<LiveBackend> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lens-browser-'));
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: '0', LF_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`backend did not start in 20 s: ${stderr}`)), 20_000);
    child.stdout!.on('data', (c: Buffer) => {
      buffered += c.toString();
      const match = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"anomaly service listening"/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`backend exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
