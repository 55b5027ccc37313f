import type { DataSourceInstanceSettings, TimeRange } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { InlineField, InlineFieldRow, RadioButtonGroup, TextArea } from '@grafana/ui';
import React from 'react';
import type { SourceKind } from '../types';
import { LABEL_WIDTH, type SectionProps } from './editorProps';
import { NestedQueryEditor } from './NestedQueryEditor';

const SOURCES = [
  { label: 'Data source', value: 'datasource' as const, description: 'The query of another data source' },
  {
    label: 'PromQL',
    value: 'promql' as const,
    description: 'An expression the backend runs against its Prometheus',
  },
  { label: 'CSV', value: 'csv' as const, description: 'Inline points for trying things out' },
];

const CSV_EXAMPLE = 'time,cpu\n2024-01-01T00:00:00Z,0.42\n2024-01-01T00:01:00Z,0.40';

interface Props extends SectionProps {
  pluginId: string;
  range?: TimeRange;
  onRunQuery: () => void;
}

export function SourceEditor({ query, errors, onChange, pluginId, range, onRunQuery }: Props) {
  const pick = (ds: DataSourceInstanceSettings) =>
    onChange({ sourceDatasource: { uid: ds.uid, type: ds.type }, sourceQuery: undefined });
  return (
    <>
      <InlineFieldRow>
        <InlineField
          label="Source"
          labelWidth={LABEL_WIDTH}
          htmlFor="source-kind"
          tooltip="Where the series to analyse come from: another data source's query (run by this plugin), a PromQL expression (run by the backend), or CSV typed here."
        >
          <RadioButtonGroup<SourceKind>
            id="source-kind"
            options={SOURCES}
            value={query.source}
            onChange={(source) => onChange({ source }, true)}
          />
        </InlineField>
      </InlineFieldRow>
      {query.source === 'datasource' && (
        <>
          <InlineField
            label="From data source"
            labelWidth={LABEL_WIDTH}
            htmlFor="source-datasource"
            tooltip="The data source whose query is analysed; its own query editor appears below."
            invalid={Boolean(errors.sourceDatasource)}
            error={errors.sourceDatasource}
          >
            <DataSourcePicker
              inputId="source-datasource"
              width={40}
              metrics
              noDefault
              current={query.sourceDatasource ?? null}
              filter={(ds) => ds.type !== pluginId}
              onChange={pick}
            />
          </InlineField>
          {query.sourceDatasource?.uid && (
            <NestedQueryEditor
              datasource={query.sourceDatasource}
              query={query.sourceQuery}
              range={range}
              onChange={(sourceQuery) => onChange({ sourceQuery })}
              onRunQuery={onRunQuery}
            />
          )}
        </>
      )}
      {query.source === 'promql' && (
        <InlineField
          label="Expression"
          labelWidth={LABEL_WIDTH}
          grow
          htmlFor="source-promql"
          tooltip="Run by the backend against the Prometheus URL in the data source settings, over the training window and the panel range. Template variables are replaced first."
          invalid={Boolean(errors.expr)}
          error={errors.expr}
        >
          <TextArea
            id="source-promql"
            rows={2}
            value={query.expr ?? ''}
            placeholder="rate(http_requests_total[5m])"
            onChange={(e) => onChange({ expr: e.currentTarget.value })}
            onBlur={() => onChange({}, true)}
          />
        </InlineField>
      )}
      {query.source === 'csv' && (
        <InlineField
          label="Points"
          labelWidth={LABEL_WIDTH}
          grow
          htmlFor="source-csv"
          tooltip="A header line 'time,<series>,…' and one row per timestamp: epoch milliseconds or ISO date-times, increasing. Empty cells are gaps."
          invalid={Boolean(errors.csv)}
          error={errors.csv}
        >
          <TextArea
            id="source-csv"
            rows={6}
            value={query.csv ?? ''}
            placeholder={CSV_EXAMPLE}
            onChange={(e) => onChange({ csv: e.currentTarget.value })}
            onBlur={() => onChange({}, true)}
          />
        </InlineField>
      )}
    </>
  );
}
