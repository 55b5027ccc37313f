/**
 * The provisioning files against what the service exposes: every metric and label an alert rule,
 * a dashboard panel, a legend or a variable uses exists in the /metrics output (rendered from
 * realistic sources); every data source uid resolves to a provisioned data source; dashboard links
 * resolve to a shipped panel; the Grafana-managed rules equal the Prometheus rules.
 */
import { MetricsExposition } from '../../src/metrics/exposition';
import { parseExposition } from '../helpers/exposition';
import { realisticSources } from '../helpers/metricsSources';
import { annotationLabels, labelValuesQuery, legendLabels, promqlUse } from './promql';
import {
  dashboardProviders,
  grafanaAlerting,
  grafanaDataSources,
  overviewDashboard,
  prometheusConfig,
  prometheusRules,
  read,
  type DataSourceRef,
} from './provisioningFiles';

/** Labels Prometheus attaches to every scraped series, and the series it synthesizes per target. */
const TARGET_LABELS = ['job', 'instance'];
const SYNTHETIC: Record<string, string[]> = { up: TARGET_LABELS };

type Catalog = Map<string, Set<string>>;

async function exposedCatalog(): Promise<Catalog> {
  const { text } = await new MetricsExposition(realisticSources()).render();
  const catalog: Catalog = new Map(Object.entries(SYNTHETIC).map(([n, l]) => [n, new Set(l)]));
  for (const s of parseExposition(text).samples) {
    const labels = catalog.get(s.name) ?? new Set(TARGET_LABELS);
    for (const l of Object.keys(s.labels)) labels.add(l);
    catalog.set(s.name, labels);
  }
  return catalog;
}

/** Problems with one expression (and the labels its templates read), empty when none. */
function problems(catalog: Catalog, where: string, expr: string, templateLabels: string[] = []): string[] {
  const use = promqlUse(expr);
  const out: string[] = [];
  if (use.metrics.length === 0) out.push(`${where}: no metric found in ${expr}`);
  for (const m of use.metrics) if (!catalog.has(m)) out.push(`${where}: metric ${m} is not in /metrics`);
  const available = new Set(use.metrics.flatMap((m) => [...(catalog.get(m) ?? [])]));
  for (const l of [...use.labels, ...templateLabels])
    if (!available.has(l)) out.push(`${where}: label ${l} is on none of ${use.metrics.join(', ')}`);
  return out;
}

const annotationsLabels = (annotations: Record<string, string> | undefined): string[] =>
  Object.values(annotations ?? {}).flatMap(annotationLabels);

const prometheusTargets = () =>
  overviewDashboard().panels.flatMap((p) =>
    p.targets
      .filter((t) => (t.datasource ?? p.datasource)?.uid === 'prometheus' && t.expr)
      .map((t) => ({
        where: `panel ${p.id} ${t.refId}`,
        expr: t.expr as string,
        legend: t.legendFormat ?? '',
      })),
  );

describe('metric and label names in the provisioning files', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await exposedCatalog();
  });

  it('finds a wrong metric or label name (the check itself can fail)', () => {
    expect(problems(catalog, 'x', 'anomalylens_degraded{org="a"} == 1')).toEqual([
      'x: label org is on none of anomalylens_degraded',
    ]);
    expect(problems(catalog, 'x', 'sum by (channel) (rate(anomalylens_notification_total[5m]))')).toEqual([
      'x: metric anomalylens_notification_total is not in /metrics',
      'x: label channel is on none of anomalylens_notification_total',
    ]);
    expect(
      problems(catalog, 'x', 'anomalylens_monitor_observed', annotationLabels('{{ $labels.anomaly_id }}')),
    ).toEqual(['x: label anomaly_id is on none of anomalylens_monitor_observed']);
  });

  it('Prometheus alert rules use only exposed metrics and labels', () => {
    const rules = prometheusRules();
    expect(rules.length).toBe(13);
    expect(
      rules.flatMap((r) => problems(catalog, r.alert, r.expr, annotationsLabels(r.annotations))),
    ).toEqual([]);
  });

  it('Grafana-managed alert rules use only exposed metrics and labels', () => {
    const rules = grafanaAlerting().groups.flatMap((g) => g.rules);
    expect(
      rules.flatMap((r) =>
        r.data
          .filter((q) => q.datasourceUid !== '__expr__')
          .flatMap((q) => problems(catalog, r.title, q.model.expr ?? '', annotationsLabels(r.annotations))),
      ),
    ).toEqual([]);
  });

  it('dashboard panels, legends and variables use only exposed metrics and labels', () => {
    const targets = prometheusTargets();
    expect(targets.length).toBeGreaterThanOrEqual(10);
    expect(targets.flatMap((t) => problems(catalog, t.where, t.expr, legendLabels(t.legend)))).toEqual([]);
    const variables = overviewDashboard().templating.list;
    expect(variables.map((v) => v.name)).toEqual(['org', 'feature']);
    for (const v of variables) {
      const query = typeof v.query === 'string' ? v.query : v.query.query;
      const parsed = labelValuesQuery(query);
      expect(parsed).toBeDefined();
      expect(problems(catalog, `variable ${v.name}`, parsed!.expr, [parsed!.label])).toEqual([]);
    }
  });

  it('anomaly alerts carry org, feature, type, the summary and a dashboard link', () => {
    for (const r of prometheusRules().filter((r) => r.expr.includes('anomalylens_anomaly_active'))) {
      const annotations = Object.values(r.annotations ?? {}).join(' ');
      for (const label of ['org', 'feature', 'type', 'anomaly_id'])
        expect(annotations).toContain(`$labels.${label}`);
      expect(r.annotations?.summary).toBe('{{ $labels.summary }}');
      expect(r.annotations?.dashboard).toMatch(/\/d\/anomalylens-overview\//);
      expect(promqlUse(r.expr).labels).toEqual(expect.arrayContaining(['type', 'anomaly_id', 'summary']));
    }
  });
});

describe('data sources and dashboard links', () => {
  const provisioned = new Map(grafanaDataSources().map((d) => [d.uid, d.type]));

  /** Every `datasource` object anywhere in the dashboard JSON. */
  function dashboardRefs(node: unknown, out: DataSourceRef[] = []): DataSourceRef[] {
    if (Array.isArray(node)) node.forEach((n) => dashboardRefs(n, out));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'datasource' && v && typeof v === 'object') out.push(v as DataSourceRef);
        else dashboardRefs(v, out);
      }
    }
    return out;
  }

  it('every data source the dashboard references is provisioned, with the same type', () => {
    const refs = dashboardRefs(overviewDashboard());
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(provisioned.has(ref.uid ?? '')).toBe(true);
      expect(ref.type).toBe(provisioned.get(ref.uid ?? ''));
    }
    expect(new Set(refs.map((r) => r.uid))).toEqual(new Set(['prometheus', 'anomalylens']));
  });

  it('every data source a Grafana alert rule queries is provisioned (or a server-side expression)', () => {
    const uids = grafanaAlerting().groups.flatMap((g) =>
      g.rules.flatMap((r) => r.data.map((q) => q.datasourceUid)),
    );
    for (const uid of uids) expect(uid === '__expr__' || provisioned.get(uid) === 'prometheus').toBe(true);
  });

  it("the plugin's panels use its query types with org, feature and monitorId", () => {
    const lens = overviewDashboard().panels.filter((p) => p.datasource?.uid === 'anomalylens');
    expect(lens.map((p) => p.targets[0].queryType).sort()).toEqual([
      'anomaly_feed',
      'monitor',
      'monitor_status',
    ]);
    for (const t of lens.flatMap((p) => p.targets))
      expect(t).toMatchObject({ org: '$org', feature: '$feature', monitorId: '' });
  });

  it('dashboard links in the rules point at a shipped dashboard and panel', () => {
    const dashboard = overviewDashboard();
    const panels = new Set(dashboard.panels.map((p) => String(p.id)));
    for (const r of prometheusRules()) {
      const link = /\/d\/([^/]+)\/[^?]*\?.*viewPanel=(\d+)/.exec(r.annotations?.dashboard ?? '');
      expect(link?.[1]).toBe(dashboard.uid);
      expect(panels.has(link?.[2] ?? '')).toBe(true);
    }
    for (const r of grafanaAlerting().groups.flatMap((g) => g.rules)) {
      expect(r.annotations?.__dashboardUid__).toBe(dashboard.uid);
      expect(panels.has(r.annotations?.__panelId__ ?? '')).toBe(true);
    }
  });

  it('docker compose mounts the rules and dashboards where the configs look for them', () => {
    const compose = read('docker-compose.yml');
    expect(compose).toContain('./provisioning/prometheus/rules:/etc/prometheus/rules:ro');
    expect(compose).toContain('./provisioning/grafana:/etc/grafana/provisioning:ro');
    expect(prometheusConfig().rule_files).toEqual(['/etc/prometheus/rules/*.yml']);
    expect(dashboardProviders()[0].options.path).toBe('/etc/grafana/provisioning/dashboards');
    const job = prometheusConfig().scrape_configs.find((s) => s.job_name === 'anomalylens');
    const backend = new URL(
      grafanaDataSources().find((d) => d.uid === 'anomalylens')?.jsonData?.backendUrl ?? '',
    );
    expect(job?.static_configs[0].targets).toEqual([backend.host]);
    expect(job?.metrics_path).toBe('/metrics');
  });
});

describe('Grafana-managed alerting', () => {
  const alerting = grafanaAlerting();
  const rules = alerting.groups.flatMap((g) => g.rules);
  const squash = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const minutes = (d: string | undefined) => (d === '0s' ? '0m' : d);

  it('equals the Prometheus rules: expression, for, labels and annotations', () => {
    const prom = prometheusRules();
    expect(rules.map((r) => r.title)).toEqual(prom.map((r) => r.alert));
    for (const p of prom) {
      const g = rules.find((r) => r.title === p.alert)!;
      const query = g.data.find((q) => q.datasourceUid === 'prometheus')!;
      expect(squash(query.model.expr)).toBe(squash(p.expr));
      expect(query.model.instant).toBe(true);
      expect(minutes(g.for)).toBe(p.for);
      expect(g.labels).toEqual(p.labels);
      const { __dashboardUid__, __panelId__, ...annotations } = g.annotations ?? {};
      expect([__dashboardUid__, __panelId__].every(Boolean)).toBe(true);
      expect(annotations).toEqual(p.annotations);
    }
  });

  it('fires when the query returns a series: the condition is a threshold on it', () => {
    expect(alerting.apiVersion).toBe(1);
    for (const r of rules) {
      const condition = r.data.find((q) => q.refId === r.condition);
      expect(condition).toMatchObject({
        datasourceUid: '__expr__',
        model: { type: 'threshold', expression: 'A' },
      });
      expect(r.data.some((q) => q.refId === 'A' && q.datasourceUid === 'prometheus')).toBe(true);
    }
    expect(new Set(rules.map((r) => r.uid)).size).toBe(rules.length);
    expect(rules.every((r) => r.uid.length <= 40)).toBe(true);
  });

  it('notifies the webhook contact point, grouped by org and type', () => {
    const [point] = alerting.contactPoints;
    expect(point.receivers).toEqual([
      expect.objectContaining({
        type: 'webhook',
        settings: expect.objectContaining({ url: '$ANOMALYLENS_ALERT_WEBHOOK_URL' }),
      }),
    ]);
    expect(alerting.policies).toEqual([
      expect.objectContaining({ orgId: 1, receiver: point.name, group_by: ['org', 'type'] }),
    ]);
    expect(read('docker-compose.yml')).toContain('ANOMALYLENS_ALERT_WEBHOOK_URL:');
  });
});
