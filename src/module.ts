import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { AnomalyLensDataSource } from './datasource';
import type { AnomalyOptions, AnomalyQuery, AnomalySecureOptions } from './types';

export const plugin = new DataSourcePlugin<
  AnomalyLensDataSource,
  AnomalyQuery,
  AnomalyOptions,
  AnomalySecureOptions
>(AnomalyLensDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
