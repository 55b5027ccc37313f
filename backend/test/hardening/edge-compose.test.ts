/**
 * Hardening: the docker-compose set-up keeps working under the allow-lists. The backend's
 * environment and Grafana's provisioned data source must agree: the data source's Prometheus URL
 * is one LF_PROMETHEUS_URL allows, and the Host Grafana's proxy sends (that of backendUrl) is one
 * the backend answers to.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { normalizePrometheusUrl } from '../../src/sources/prometheusPolicy';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

/** `KEY: value` lines of the backend service's environment block in docker-compose.yml. */
function backendEnvironment(): Record<string, string> {
  const compose = read('docker-compose.yml');
  const block =
    /\n {2}backend:\n[\s\S]*?\n {4}environment:\n((?: {6}.*\n| *#.*\n)+)/.exec(compose)?.[1] ?? '';
  const env: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const match = /^ {6}([A-Z_]+): *'?([^'#]*?)'? *$/.exec(line);
    if (match) env[match[1]] = match[2];
  }
  return env;
}

function provisioned(key: string): string {
  const value = new RegExp(`\\n\\s+${key}: *(\\S+)`).exec(
    read('provisioning/grafana/datasources/anomalylens.yaml'),
  );
  if (!value) throw new Error(`${key} not provisioned`);
  return value[1];
}

describe('docker-compose and the Grafana provisioning agree with the allow-lists', () => {
  const env = backendEnvironment();
  const config = loadConfig({ ...env, LF_DATA_DIR: '/tmp/unused' });

  it("allows the data source's Prometheus URL", () => {
    expect(env.LF_PROMETHEUS_URL).toBe('http://prometheus:9090');
    expect(config.prometheusUrls).toContain(normalizePrometheusUrl(provisioned('prometheusUrl')));
  });

  it("answers to the Host Grafana's proxy sends for backendUrl", () => {
    const backend = new URL(provisioned('backendUrl'));
    expect(config.hostPolicy.hosts).toContain(backend.hostname);
    expect(backend.port).toBe(env.PORT);
  });
});
