import { InlineField, InlineFieldRow, Input, Text } from '@grafana/ui';
import React from 'react';
import type { AnomalyQuery } from '../types';
import { LABEL_WIDTH, type SectionProps } from './editorProps';

type TextKey = 'org' | 'feature' | 'monitorId' | 'anomalyStatus';

const HELP: Record<string, string> = {
  monitor:
    'Observed value, expected value and its band, and anomaly regions, for one monitor or every monitor of the org and feature.',
  anomaly_feed:
    'Anomalies that overlap the time range, as a table; each row offers Dismiss and Accept (table cell actions).',
  monitor_status: 'Each monitor: active, building its baseline (with the ETA) or degraded (with the reason).',
};

/** Org, feature and monitor of the Monitor, Anomaly feed and Monitor status queries. */
export function MonitorEditor({ query, onChange }: SectionProps) {
  const field = (key: TextKey, label: string, placeholder: string, tooltip: string) => (
    <InlineField
      label={label}
      labelWidth={key === 'org' ? LABEL_WIDTH : undefined}
      htmlFor={`monitor-${key}`}
      tooltip={tooltip}
    >
      <Input
        id={`monitor-${key}`}
        width={key === 'anomalyStatus' ? 28 : 20}
        value={query[key] ?? ''}
        placeholder={placeholder}
        onChange={(e) => onChange({ [key]: e.currentTarget.value || undefined } as Partial<AnomalyQuery>)}
        onBlur={() => onChange({}, true)}
      />
    </InlineField>
  );
  return (
    <>
      <InlineFieldRow>
        {field(
          'org',
          'Org',
          'all, or $org',
          'An org, a template variable such as $org, or empty for every org.',
        )}
        {field(
          'feature',
          'Feature',
          'all, or $feature',
          'A feature, $feature, or empty for every feature (and the org totals).',
        )}
        {field(
          'monitorId',
          'Monitor',
          'all (optional id)',
          'One monitor by id (see Monitor status); empty for every monitor of the org and feature.',
        )}
        {query.queryType === 'anomaly_feed' &&
          field(
            'anomalyStatus',
            'Status',
            'all, or open,ongoing',
            'Statuses to list, comma-separated: open, ongoing, recovering, resolved, dismissed, accepted.',
          )}
      </InlineFieldRow>
      <Text color="secondary">{HELP[query.queryType]}</Text>
    </>
  );
}
