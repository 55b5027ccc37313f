import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startDaemon } from './daemon';
import { freePort } from './freePort';

/** Debian's package `prometheus` installs both here. */
export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';
export const hasPrometheus = (): boolean => existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN);

/** A scrape target serving one gauge whose value the test sets. */
export interface GaugeTarget {
  readonly address: string;
  value: number;
  close(): Promise<void>;
}

export async function startGaugeTarget(metric: string, value: number): Promise<GaugeTarget> {
  const target = { value } as GaugeTarget;
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(`# TYPE ${metric} gauge\n${metric} ${target.value}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  Object.assign(target, {
    address: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
  return target;
}

/** One alert as Prometheus's `GET /api/v1/alerts` lists it (pending or firing). */
export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

export interface RunningPrometheus {
  readonly url: string;
  readonly process: ChildProcess;
  /** `GET /api/v1/alerts`: the alerting rules' pending and firing alerts (inactive ones are absent). */
  alerts(): Promise<PrometheusAlert[]>;
  stop(): Promise<void>;
}

/**
 * Starts a real Prometheus scraping `target` every second, with `history` — samples
 * `[epoch seconds, value]` of `metric` under the labels the scrape will give it — written into its
 * TSDB first by `promtool tsdb create-blocks-from openmetrics` (Prometheus's own backfill).
 */
export async function startPrometheus(
  target: GaugeTarget,
  metric: string,
  history: readonly [number, number][],
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-prometheus-'));
  const data = path.join(dir, 'data');
  const job = 'demo';
  const labels = `{instance="${target.address}",job="${job}"}`;
  const lines = [
    `# TYPE ${metric} gauge`,
    ...history.map(([t, v]) => `${metric}${labels} ${v} ${t}`),
    '# EOF',
    '',
  ];
  const om = path.join(dir, 'history.om');
  writeFileSync(om, lines.join('\n'));
  execFileSync(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', om, data], { stdio: 'pipe' });
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: ${job}\n    static_configs:\n      - targets: ['${target.address}']\n`,
  );
  return launchPrometheus(config, data);
}

/** A scrape job on one `host:port` target and the rule files Prometheus evaluates. */
export interface ScrapeAndRules {
  job: string;
  address: string;
  metricsPath?: string;
  /** Rule files (globs allowed), loaded as they are. */
  ruleFiles: readonly string[];
}

/**
 * Starts a real Prometheus that scrapes `job` and evaluates `ruleFiles` every second (no
 * Alertmanager: its alerts are read from `/api/v1/alerts`). Resolves once the target was scraped.
 */
export async function startPrometheusWithRules(options: ScrapeAndRules): Promise<RunningPrometheus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  const rules = options.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`).join('\n');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      rules,
      'scrape_configs:',
      `  - job_name: ${options.job}`,
      `    metrics_path: ${options.metricsPath ?? '/metrics'}`,
      '    static_configs:',
      `      - targets: ['${options.address}']`,
      '',
    ].join('\n'),
  );
  const running = await launchPrometheus(config, path.join(dir, 'data'));
  return {
    ...running,
    stop: async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs Prometheus on a free loopback port; resolves once it is ready and has scraped a target. */
async function launchPrometheus(config: string, data: string): Promise<RunningPrometheus> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon(
    'prometheus',
    PROMETHEUS_BIN,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=60d',
      '--log.level=warn',
    ],
    `${url}/-/ready`,
    30_000,
  );
  const deadline = Date.now() + 30_000;
  // Ready is not scraping yet: its scrape manager starts targets a few seconds later.
  for (;;) {
    const body = (await fetch(`${url}/api/v1/query?query=up`).then((res) => res.json())) as {
      data?: { result?: unknown[] };
    };
    if (body.data?.result?.length) break;
    if (Date.now() > deadline) {
      daemon.process.kill('SIGKILL');
      throw new Error(`prometheus did not scrape its target:\n${daemon.logs()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    process: daemon.process,
    alerts: async () => {
      const res = await fetch(`${url}/api/v1/alerts`);
      if (!res.ok) throw new Error(`prometheus answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { data: { alerts: PrometheusAlert[] } }).data.alerts;
    },
    stop: () => daemon.stop(),
  };
}
