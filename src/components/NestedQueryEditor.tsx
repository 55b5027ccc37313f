import { CoreApp, type DataSourceApi, type TimeRange } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import type { DataQuery, DataSourceRef } from '@grafana/schema';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import React, { useEffect, useState } from 'react';

interface Props {
  datasource: DataSourceRef;
  query: DataQuery | undefined;
  range?: TimeRange;
  onChange: (query: DataQuery) => void;
  onRunQuery: () => void;
}

/** The chosen data source's own query editor, editing the query our plugin runs for it. */
export function NestedQueryEditor({ datasource, query, range, onChange, onRunQuery }: Props) {
  const [loaded, setLoaded] = useState<{ uid?: string; ds?: DataSourceApi; error?: string }>({});
  useEffect(() => {
    let live = true;
    getDataSourceSrv()
      .get(datasource)
      .then(
        (ds) => live && setLoaded({ uid: datasource.uid, ds }),
        (error: Error) => live && setLoaded({ uid: datasource.uid, error: error.message }),
      );
    return () => {
      live = false;
    };
  }, [datasource.uid]);
  if (loaded.error) return <Alert severity="error" title={`Cannot load the data source: ${loaded.error}`} />;
  const ds = loaded.uid === datasource.uid ? loaded.ds : undefined;
  if (!ds) return <LoadingPlaceholder text="Loading the data source's query editor…" />;
  const Editor = ds.components?.QueryEditor;
  if (!Editor) return <Alert severity="warning" title={`${ds.name} has no query editor to embed`} />;
  const current: DataQuery = {
    ...(ds.getDefaultQuery?.(CoreApp.PanelEditor) ?? {}),
    ...query,
    refId: query?.refId ?? 'A',
  };
  return (
    <div data-testid="nested-query-editor">
      <Editor
        datasource={ds}
        query={current}
        range={range}
        app={CoreApp.PanelEditor}
        onChange={onChange}
        onRunQuery={onRunQuery}
      />
    </div>
  );
}
