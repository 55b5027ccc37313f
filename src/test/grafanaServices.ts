import type { DataSourceApi, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import type { DataSourceRef } from '@grafana/schema';
import {
  setBackendSrv,
  setDataSourceSrv,
  setTemplateSrv,
  type BackendSrv,
  type DataSourceSrv,
  type TemplateSrv,
} from '@grafana/runtime';

/**
 * The Grafana services the plugin calls through @grafana/runtime, for places without Grafana (jest
 * and the browser harness): a data source registry, a template service with fixed variables, and a
 * BackendSrv given by the caller. Each implements what plugins use of it.
 */
export function installGrafanaServices(options: {
  backendSrv: BackendSrv;
  datasources: Array<{ settings: DataSourceInstanceSettings; instance: DataSourceApi }>;
  variables?: Record<string, string>;
}): void {
  setBackendSrv(options.backendSrv);
  const find = (ref: DataSourceRef | string | null | undefined) => {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    return options.datasources.find((d) => d.settings.uid === key || d.settings.name === key);
  };
  const dataSourceSrv = {
    get: async (ref?: DataSourceRef | string | null) => {
      const found = find(ref);
      if (!found) throw new Error(`data source ${JSON.stringify(ref)} not found`);
      return found.instance;
    },
    getList: (filters: { metrics?: boolean; filter?: (ds: DataSourceInstanceSettings) => boolean } = {}) =>
      options.datasources
        .map((d) => d.settings)
        .filter(
          (s) => (filters.metrics ? s.meta.metrics : true) && (filters.filter ? filters.filter(s) : true),
        ),
    getInstanceSettings: (ref?: DataSourceRef | string | null) => find(ref)?.settings,
    reload: async () => undefined,
    registerRuntimeDataSource: () => undefined,
  };
  setDataSourceSrv(dataSourceSrv as unknown as DataSourceSrv);
  const variables = options.variables ?? {};
  const templateSrv = {
    getVariables: () => [],
    replace: (target?: string, scopedVars?: ScopedVars) =>
      (target ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (match, braced?: string, bare?: string) => {
        const name = (braced ?? bare) as string;
        const scoped = scopedVars?.[name]?.value;
        if (scoped !== undefined) return String(scoped);
        return variables[name] ?? match;
      }),
    containsTemplate: (target?: string) => /\$/.test(target ?? ''),
    updateTimeRange: () => undefined,
  };
  setTemplateSrv(templateSrv as unknown as TemplateSrv);
}
