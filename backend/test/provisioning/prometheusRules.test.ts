/**
 * The shipped Prometheus rules through Debian's promtool: `check rules`, the unit tests in
 * provisioning/prometheus/tests (`test rules`), `check config`, and the PromQL of every dashboard
 * panel. A broken copy of the rules must fail the same unit tests.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { dump } from 'js-yaml';
import { describeIf } from '../helpers/skipped';
import {
  overviewDashboard,
  PROMETHEUS_CONFIG,
  PROMETHEUS_RULE_TESTS,
  PROMETHEUS_RULES,
} from './provisioningFiles';

const PROMTOOL = '/usr/bin/promtool';
const run = promisify(execFile);

interface Outcome {
  ok: boolean;
  output: string;
}

async function promtool(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(PROMTOOL, args);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describeIf(
  existsSync(PROMTOOL),
  `needs ${PROMTOOL} (Debian package prometheus: apt-get install -y prometheus)`,
)('Prometheus rules, checked and unit-tested by promtool', () => {
  jest.setTimeout(60_000);
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'lens-promtool-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('promtool check rules accepts the shipped rules', async () => {
    const result = await promtool('check', 'rules', PROMETHEUS_RULES);
    expect(result.output).toContain('SUCCESS: 13 rules found');
    expect(result.ok).toBe(true);
  });

  it('promtool test rules passes the unit tests', async () => {
    const result = await promtool('test', 'rules', PROMETHEUS_RULE_TESTS);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('the unit tests fail on a broken copy of the rules', async () => {
    // The same layout as the repository (tests/ beside rules/), with the cost-spike rule watching
    // another type and the degraded rule waiting longer.
    mkdirSync(path.join(scratch, 'rules'));
    mkdirSync(path.join(scratch, 'tests'));
    const broken = readFileSync(PROMETHEUS_RULES, 'utf8')
      .replace('type="cost_spike"', 'type="traffic_anomaly"')
      .replace(/(anomalylens_degraded == 1\n\s+for: )10m/, '$115m');
    writeFileSync(path.join(scratch, 'rules', path.basename(PROMETHEUS_RULES)), broken);
    copyFileSync(PROMETHEUS_RULE_TESTS, path.join(scratch, 'tests', path.basename(PROMETHEUS_RULE_TESTS)));
    const result = await promtool(
      'test',
      'rules',
      path.join(scratch, 'tests', path.basename(PROMETHEUS_RULE_TESTS)),
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain('alertname: AnomalyLensCostSpike');
    expect(result.output).toContain('alertname: AnomalyLensPipelineDegraded');
  });

  it('promtool check config accepts the shipped Prometheus configuration', async () => {
    const result = await promtool('check', 'config', PROMETHEUS_CONFIG);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it("every dashboard panel's PromQL parses (as recording rules, with variables filled in)", async () => {
    const exprs = overviewDashboard()
      .panels.flatMap((p) => p.targets)
      .filter((t) => t.datasource?.uid === 'prometheus' && t.expr)
      .map((t) => (t.expr as string).replace(/\$__range/g, '1h').replace(/\$(org|feature)/g, '.*'));
    const file = path.join(scratch, 'dashboard-exprs.yml');
    const rules = exprs.map((expr, i) => ({ record: `dashboard:expr_${i}`, expr }));
    writeFileSync(file, dump({ groups: [{ name: 'dashboard', rules }] }));
    const result = await promtool('check', 'rules', file);
    expect(result.output).toContain(`SUCCESS: ${exprs.length} rules found`);
    expect(exprs.length).toBeGreaterThanOrEqual(10);
  });
});
