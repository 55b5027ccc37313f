import type { QueryEditorProps } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { AnomalyLensDataSource } from '../datasource';
import { validateQuery } from '../query/validation';
import {
  isMonitorQuery,
  withDefaults,
  type AnomalyOptions,
  type AnomalyQuery,
  type QueryType,
} from '../types';
import { DetectorEditor } from './DetectorEditor';
import { LABEL_WIDTH } from './editorProps';
import { FeaturesEditor } from './FeaturesEditor';
import { MonitorEditor } from './MonitorEditor';
import { SourceEditor } from './SourceEditor';
import { TrainingEditor } from './TrainingEditor';
import { useMethods } from './useMethods';

type Props = QueryEditorProps<AnomalyLensDataSource, AnomalyQuery, AnomalyOptions>;

const TYPES = [
  { label: 'Detect', value: 'detect' as const, description: 'Find anomalies in a series' },
  { label: 'Models', value: 'models' as const, description: 'List saved models (use a table panel)' },
  {
    label: 'Monitor',
    value: 'monitor' as const,
    description: 'A baseline monitor: observed, expected band and anomalies',
  },
  {
    label: 'Anomaly feed',
    value: 'anomaly_feed' as const,
    description: 'Anomalies as a table, with Dismiss and Accept',
  },
  {
    label: 'Monitor status',
    value: 'monitor_status' as const,
    description: 'Active, building baseline, degraded',
  },
];

export function QueryEditor({ datasource, query: raw, onChange, onRunQuery, range }: Props) {
  const query = withDefaults(raw);
  const errors = validateQuery(raw);
  const { methods, loading, error } = useMethods(datasource.client);
  const change = (patch: Partial<AnomalyQuery>, run = false) => {
    const next = { ...raw, ...patch };
    onChange(next);
    if (run && Object.keys(validateQuery(next)).length === 0) onRunQuery();
  };
  const method = methods.find((m) => m.name === query.method);
  const section = { query, errors, onChange: change };
  return (
    <Stack direction="column" gap={0}>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={LABEL_WIDTH} htmlFor="query-type">
          <RadioButtonGroup<QueryType>
            id="query-type"
            options={TYPES}
            value={query.queryType}
            onChange={(queryType) => change({ queryType }, true)}
          />
        </InlineField>
      </InlineFieldRow>
      {isMonitorQuery(query.queryType) ? (
        <MonitorEditor {...section} />
      ) : query.queryType === 'models' ? (
        <Text color="secondary">
          Lists the models saved under a model name (here or through the anomaly API), newest first. Show it
          in a table panel.
        </Text>
      ) : (
        <>
          <SourceEditor {...section} pluginId={datasource.meta.id} range={range} onRunQuery={onRunQuery} />
          <DetectorEditor {...section} methods={methods} loading={loading} loadError={error} />
          <TrainingEditor {...section} />
          {method?.kind !== 'streaming' && <FeaturesEditor {...section} />}
          <InlineFieldRow>
            <InlineField
              label="Save model as"
              labelWidth={LABEL_WIDTH}
              htmlFor="model-name"
              tooltip="Optional. Saves the fitted model under this name so it shows in the Models query and the anomaly API; leave empty to keep it only in the backend's cache."
              invalid={Boolean(errors.modelName)}
              error={errors.modelName}
            >
              <Input
                id="model-name"
                width={30}
                value={query.modelName ?? ''}
                placeholder="optional"
                onChange={(e) => change({ modelName: e.currentTarget.value || undefined })}
                onBlur={() => change({}, true)}
              />
            </InlineField>
          </InlineFieldRow>
        </>
      )}
    </Stack>
  );
}
