import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { newDataDir, startService } from './helpers/service';

const MAIN = path.resolve(__dirname, '../dist/src/main.js');
const PACKAGE = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
  version: string;
};

/** Runs the compiled service until it exits; resolves with its exit code and everything it printed. */
function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, HOST: '127.0.0.1', LF_DATA_DIR: newDataDir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('starting the service', () => {
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('exits non-zero with a clear message when the port is in use, never claiming to listen', async () => {
    const { code, output } = await runUntilExit({ PORT: String(port) });
    expect(code).toBe(1);
    expect(output).toContain(`anomaly-lens failed to start: port 127.0.0.1:${port} is already in use`);
    expect(output).not.toContain('listening');
  });

  it('exits non-zero on invalid configuration', async () => {
    const { code, output } = await runUntilExit({ PORT: 'eighty' });
    expect(code).toBe(1);
    expect(output).toContain("PORT must be a non-negative integer, got 'eighty'");
  });

  it('reports the package version on /health', async () => {
    const svc = await startService();
    try {
      const health = await svc.get('/health');
      expect(health.body).toMatchObject({ status: 'healthy', version: PACKAGE.version });
    } finally {
      expect(await svc.stop()).toBe(0);
    }
  });
});
