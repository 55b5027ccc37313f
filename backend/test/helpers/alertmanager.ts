import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDaemon } from './daemon';
import { freePort } from './freePort';

/** Debian's package `prometheus-alertmanager` installs it here. */
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';
export const hasAlertmanager = (): boolean => existsSync(ALERTMANAGER_BIN);

/** One alert as `GET /api/v2/alerts` lists it (the fields tests look at). */
export interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[] };
}

export interface RunningAlertmanager {
  readonly url: string;
  readonly process: ChildProcess;
  /** `GET /api/v2/alerts` (active, silenced and inhibited; resolved alerts are not listed). */
  alerts(): Promise<GettableAlert[]>;
  /** Creates a silence for an hour on `name=value` matchers; resolves with its id. */
  silence(matchers: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts a real Alertmanager on a loopback port with a temporary configuration (one receiver that
 * sends nowhere) and storage, clustering off; resolves once `/-/ready` answers.
 */
export async function startAlertmanager(): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-alertmanager-'));
  const config = path.join(dir, 'alertmanager.yml');
  writeFileSync(config, 'route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon(
    'alertmanager',
    ALERTMANAGER_BIN,
    [
      `--config.file=${config}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    `${url}/-/ready`,
    20_000,
  );
  const child = daemon.process;
  const json = async <T>(res: Response): Promise<T> => {
    if (!res.ok) throw new Error(`alertmanager answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    url,
    process: child,
    alerts: async () => json<GettableAlert[]>(await fetch(`${url}/api/v2/alerts`)),
    silence: async (matchers) => {
      const now = Date.now();
      const res = await fetch(`${url}/api/v2/silences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          matchers: Object.entries(matchers).map(([name, value]) => ({
            name,
            value,
            isRegex: false,
            isEqual: true,
          })),
          startsAt: new Date(now).toISOString(),
          endsAt: new Date(now + 3_600_000).toISOString(),
          createdBy: 'anomaly-lens tests',
          comment: 'test silence',
        }),
      });
      return (await json<{ silenceID: string }>(res)).silenceID;
    },
    stop: async () => {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
