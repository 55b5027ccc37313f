import { InlineField, InlineFieldRow, Input, RadioButtonGroup } from '@grafana/ui';
import React from 'react';
import type { TrainingMode } from '../types';
import { LABEL_WIDTH, type SectionProps } from './editorProps';

const MODES = [
  {
    label: 'Before panel',
    value: 'relative' as const,
    description: 'A window ending where the panel range starts',
  },
  { label: 'Fixed range', value: 'fixed' as const, description: 'A range you give, e.g. a known-good week' },
];

export function TrainingEditor({ query, errors, onChange }: SectionProps) {
  const commit = () => onChange({}, true);
  return (
    <InlineFieldRow>
      <InlineField
        label="Training"
        labelWidth={LABEL_WIDTH}
        htmlFor="training-mode"
        tooltip="The detector learns what normal looks like from this window, then scores the panel range. 'Before panel' ends at the last whole step (an hour for 7 days) before the panel starts, so refreshes reuse the fitted model."
        invalid={Boolean(errors.training)}
        error={errors.training}
      >
        <RadioButtonGroup<TrainingMode>
          id="training-mode"
          options={MODES}
          value={query.trainingMode}
          onChange={(trainingMode) => onChange({ trainingMode }, true)}
        />
      </InlineField>
      {query.trainingMode === 'fixed' ? (
        <>
          <InlineField
            label="From"
            htmlFor="training-from"
            tooltip="An ISO date-time (2024-05-01T00:00:00Z) or a Grafana time like now-30d."
          >
            <Input
              id="training-from"
              width={24}
              value={query.trainingFrom ?? ''}
              placeholder="now-14d"
              onChange={(e) => onChange({ trainingFrom: e.currentTarget.value })}
              onBlur={commit}
            />
          </InlineField>
          <InlineField label="To" htmlFor="training-to">
            <Input
              id="training-to"
              width={24}
              value={query.trainingTo ?? ''}
              placeholder="now-7d"
              onChange={(e) => onChange({ trainingTo: e.currentTarget.value })}
              onBlur={commit}
            />
          </InlineField>
        </>
      ) : (
        <InlineField
          label="Length"
          htmlFor="training-length"
          tooltip="How far back from the panel start to train, e.g. 7d, 12h, 2w."
        >
          <Input
            id="training-length"
            width={12}
            value={query.trainingLength ?? ''}
            placeholder="7d"
            onChange={(e) => onChange({ trainingLength: e.currentTarget.value })}
            onBlur={commit}
          />
        </InlineField>
      )}
    </InlineFieldRow>
  );
}
