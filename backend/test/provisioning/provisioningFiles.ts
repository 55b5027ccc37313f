/** The shipped provisioning files, read for tests (YAML and the dashboards' JSON). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';

export const ROOT = path.resolve(__dirname, '../../..');
export const PROMETHEUS_RULES = path.join(ROOT, 'provisioning/prometheus/rules/anomalylens.rules.yml');
export const PROMETHEUS_RULE_TESTS = path.join(
  ROOT,
  'provisioning/prometheus/tests/anomalylens.rules.test.yml',
);
export const PROMETHEUS_CONFIG = path.join(ROOT, 'provisioning/prometheus/prometheus.yml');

const yaml = <T>(file: string): T => load(readFileSync(path.join(ROOT, file), 'utf8')) as T;

export interface PrometheusRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface GrafanaQuery {
  refId: string;
  datasourceUid: string;
  model: { refId: string; expr?: string; type?: string; expression?: string; instant?: boolean };
}

export interface GrafanaRule {
  uid: string;
  title: string;
  condition: string;
  data: GrafanaQuery[];
  for: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface GrafanaAlerting {
  apiVersion: number;
  groups: { orgId: number; name: string; folder: string; interval: string; rules: GrafanaRule[] }[];
  contactPoints: {
    orgId: number;
    name: string;
    receivers: { uid: string; type: string; settings: Record<string, string> }[];
  }[];
  policies: { orgId: number; receiver: string; group_by: string[] }[];
}

export interface DataSourceRef {
  type?: string;
  uid?: string;
}

export interface DashboardTarget {
  refId: string;
  datasource?: DataSourceRef;
  expr?: string;
  legendFormat?: string;
  queryType?: string;
  org?: string;
  feature?: string;
  monitorId?: string;
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: {
    id: number;
    title: string;
    type: string;
    datasource?: DataSourceRef;
    targets: DashboardTarget[];
  }[];
  templating: { list: { name: string; datasource?: DataSourceRef; query: { query: string } | string }[] };
  annotations: { list: { name: string; datasource?: DataSourceRef; target?: DashboardTarget }[] };
}

export const prometheusRules = (): PrometheusRule[] =>
  yaml<{ groups: { rules: PrometheusRule[] }[] }>(
    'provisioning/prometheus/rules/anomalylens.rules.yml',
  ).groups.flatMap((g) => g.rules);

export const prometheusConfig = () =>
  yaml<{
    rule_files: string[];
    scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
  }>('provisioning/prometheus/prometheus.yml');

export const grafanaAlerting = (): GrafanaAlerting => yaml('provisioning/grafana/alerting/anomalylens.yaml');

export const grafanaDataSources = () =>
  yaml<{ datasources: { name: string; uid: string; type: string; jsonData?: Record<string, string> }[] }>(
    'provisioning/grafana/datasources/anomalylens.yaml',
  ).datasources;

export const dashboardProviders = () =>
  yaml<{ providers: { options: { path: string } }[] }>('provisioning/grafana/dashboards/anomalylens.yaml')
    .providers;

export const overviewDashboard = (): Dashboard =>
  JSON.parse(
    readFileSync(path.join(ROOT, 'provisioning/grafana/dashboards/anomalylens-overview.json'), 'utf8'),
  ) as Dashboard;

export const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
