import { InlineField, InlineFieldRow, InlineSwitch, Input } from '@grafana/ui';
import React from 'react';
import type { FeatureOptions } from '../types';
import { LABEL_WIDTH, type SectionProps } from './editorProps';

const LISTS: Array<{
  key: 'diffs' | 'rolling' | 'lags';
  label: string;
  tooltip: string;
  placeholder: string;
}> = [
  {
    key: 'diffs',
    label: 'Differences',
    tooltip: 'value − value k points earlier, for each k (comma-separated). Catches jumps.',
    placeholder: '1',
  },
  {
    key: 'rolling',
    label: 'Rolling windows',
    tooltip:
      'Rolling mean and standard deviation over the last w points, for each w (comma-separated). Catches level and volatility shifts.',
    placeholder: '10, 60',
  },
  {
    key: 'lags',
    label: 'Lags',
    tooltip: 'The value k points earlier, for each k (comma-separated). Lets the model learn sequences.',
    placeholder: '1, 2',
  },
];

const SWITCHES: Array<{ key: 'value' | 'hourOfDay' | 'dayOfWeek'; label: string; tooltip: string }> = [
  { key: 'value', label: 'Value', tooltip: 'The value itself.' },
  {
    key: 'hourOfDay',
    label: 'Hour of day',
    tooltip:
      'Time of day on a circle (sine and cosine) in the dashboard time zone: learns daily patterns. Needs a training window of at least a day.',
  },
  {
    key: 'dayOfWeek',
    label: 'Day of week',
    tooltip: 'Weekday on a circle: learns weekly patterns. Needs a training window of at least 7 days.',
  },
];

/** The feature rows tabular detectors see; time-series methods use the values directly. */
export function FeaturesEditor({ query, errors, onChange }: SectionProps) {
  const set = (patch: Partial<FeatureOptions>, run = false) =>
    onChange({ features: { ...query.features, ...patch } }, run);
  return (
    <>
      <InlineFieldRow>
        {SWITCHES.map(({ key, label, tooltip }, i) => (
          <InlineField
            key={key}
            label={label}
            labelWidth={i === 0 ? LABEL_WIDTH : undefined}
            htmlFor={`feature-${key}`}
            tooltip={tooltip}
            invalid={i === 0 && Boolean(errors.features)}
            error={i === 0 ? errors.features : undefined}
          >
            <InlineSwitch
              id={`feature-${key}`}
              value={query.features[key]}
              onChange={(e) => set({ [key]: e.currentTarget.checked }, true)}
            />
          </InlineField>
        ))}
      </InlineFieldRow>
      <InlineFieldRow>
        {LISTS.map(({ key, label, tooltip, placeholder }, i) => (
          <InlineField
            key={key}
            label={label}
            labelWidth={i === 0 ? LABEL_WIDTH : undefined}
            htmlFor={`feature-${key}`}
            tooltip={tooltip}
            invalid={Boolean(errors[key])}
            error={errors[key]}
          >
            <Input
              id={`feature-${key}`}
              width={14}
              value={query.features[key]}
              placeholder={placeholder}
              onChange={(e) => set({ [key]: e.currentTarget.value })}
              onBlur={() => onChange({}, true)}
            />
          </InlineField>
        ))}
      </InlineFieldRow>
    </>
  );
}
