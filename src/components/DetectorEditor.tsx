import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup, Select } from '@grafana/ui';
import React, { useState } from 'react';
import type { MethodInfo } from '../api/backendTypes';
import type { CutoffMode, DetectMode, Normalization } from '../types';
import { LABEL_WIDTH, type SectionProps } from './editorProps';

const MODES = [
  { label: 'Per series', value: 'per_series' as const, description: 'One model per series' },
  {
    label: 'Multivariate',
    value: 'multivariate' as const,
    description: 'One model over all series at each time',
  },
];

const NORMALIZATIONS: Array<SelectableValue<Normalization>> = [
  {
    label: 'Standardization (0–1)',
    value: 'standardization',
    description: 'Sigmoid of the robust z-score of the raw score',
  },
  { label: 'Z-score', value: 'zscore', description: 'Standard deviations above the training mean' },
  { label: 'Raw', value: 'raw', description: "The detector's own score" },
];

const CUTOFFS = [
  { label: 'Contamination', value: 'contamination' as const },
  { label: 'Threshold', value: 'threshold' as const },
];

interface Props extends SectionProps {
  methods: MethodInfo[];
  loading: boolean;
  loadError?: string;
}

/** Keeps the text as typed ("0.", "") and reports its number (NaN when it is none) upward. */
function NumberInput(props: {
  id: string;
  value: number | undefined;
  onValue: (n: number | undefined) => void;
  onCommit: () => void;
}) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  return (
    <Input
      id={props.id}
      width={12}
      inputMode="decimal"
      value={text}
      onChange={(e) => {
        const typed = e.currentTarget.value;
        setText(typed);
        props.onValue(typed.trim() === '' ? undefined : Number(typed));
      }}
      onBlur={props.onCommit}
    />
  );
}

export function DetectorEditor({ query, errors, onChange, methods, loading, loadError }: Props) {
  const current = methods.find((m) => m.name === query.method);
  const options: Array<SelectableValue<string>> = methods.map((m) => ({
    label: m.name,
    value: m.name,
    description: `${m.kind === 'streaming' ? 'time series, with band' : 'tabular'}: ${m.description}`,
  }));
  if (query.method && !current)
    options.push({ label: query.method, value: query.method, description: 'not offered by the backend' });
  const methodError = loadError ? `cannot list detectors: ${loadError}` : errors.method;
  return (
    <>
      <InlineFieldRow>
        <InlineField
          label="Detector"
          labelWidth={LABEL_WIDTH}
          htmlFor="detector-method"
          tooltip="Tabular detectors (Isolation Forest, …) score the feature rows below; time-series methods follow the series point by point and also give an expected value with a band."
          invalid={Boolean(methodError)}
          error={methodError}
        >
          <Select
            inputId="detector-method"
            width={30}
            isLoading={loading}
            options={options}
            value={query.method}
            onChange={(v) =>
              onChange(
                {
                  method: v.value,
                  ...(methods.find((m) => m.name === v.value)?.multivariate === false
                    ? { mode: 'per_series' }
                    : {}),
                },
                true,
              )
            }
          />
        </InlineField>
        <InlineField
          label="Mode"
          htmlFor="detector-mode"
          tooltip="Per series fits one model for each series; multivariate fits one model on all series side by side, to catch combinations that are unusual together."
        >
          <RadioButtonGroup<DetectMode>
            id="detector-mode"
            options={MODES}
            value={query.mode}
            disabledOptions={current?.multivariate === false ? ['multivariate'] : []}
            onChange={(mode) => onChange({ mode }, true)}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Normalization"
          labelWidth={LABEL_WIDTH}
          htmlFor="detector-normalization"
          tooltip="How raw detector scores are put on a common scale before the threshold is applied (learned from the training scores)."
        >
          <Select
            inputId="detector-normalization"
            width={30}
            options={NORMALIZATIONS}
            value={query.normalization}
            onChange={(v) => onChange({ normalization: v.value }, true)}
          />
        </InlineField>
        <InlineField
          label="Cut-off"
          htmlFor="detector-cutoff"
          tooltip="Contamination: the share of training points expected to be anomalous sets the threshold. Threshold: give the score above which a point is anomalous."
        >
          <RadioButtonGroup<CutoffMode>
            id="detector-cutoff"
            options={CUTOFFS}
            value={query.cutoff}
            onChange={(cutoff) => onChange({ cutoff }, true)}
          />
        </InlineField>
        {query.cutoff === 'threshold' ? (
          <InlineField
            label="Score above"
            htmlFor="detector-threshold"
            invalid={Boolean(errors.threshold)}
            error={errors.threshold}
          >
            <NumberInput
              id="detector-threshold"
              value={query.threshold}
              onValue={(threshold) => onChange({ threshold })}
              onCommit={() => onChange({}, true)}
            />
          </InlineField>
        ) : (
          <InlineField
            label="Share"
            htmlFor="detector-contamination"
            tooltip="Between 0 and 0.5; 0.01 flags about 1% of training-like points."
            invalid={Boolean(errors.contamination)}
            error={errors.contamination}
          >
            <NumberInput
              id="detector-contamination"
              value={query.contamination}
              onValue={(contamination) => onChange({ contamination })}
              onCommit={() => onChange({}, true)}
            />
          </InlineField>
        )}
      </InlineFieldRow>
    </>
  );
}
