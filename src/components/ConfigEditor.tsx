import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { InlineField, Input, SecretInput, Stack, Text } from '@grafana/ui';
import React, { type ChangeEvent } from 'react';
import type { AnomalyOptions, AnomalySecureOptions } from '../types';

type Props = DataSourcePluginOptionsEditorProps<AnomalyOptions, AnomalySecureOptions>;

const LABEL_WIDTH = 20;

/** An absolute http(s) URL, or undefined when the text is one; the message otherwise. */
export function urlProblem(text: string | undefined, required: boolean): string | undefined {
  if (!text) return required ? 'the backend URL is required, e.g. http://localhost:11540' : undefined;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'use an http:// or https:// URL';
  } catch {
    return 'not a URL: write it like http://host:port';
  }
  return undefined;
}

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields, secureJsonData } = options;
  const setJson = (key: keyof AnomalyOptions) => (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, [key]: event.target.value.trim() } });
  const backendProblem = urlProblem(jsonData.backendUrl, true);
  const prometheusProblem = urlProblem(jsonData.prometheusUrl, false);
  return (
    <Stack direction="column" gap={1}>
      <Text element="h3">Anomaly backend</Text>
      <InlineField
        label="Backend URL"
        labelWidth={LABEL_WIDTH}
        tooltip="Where the Anomaly Lens backend listens. Grafana's server calls it through the data source proxy, so it only has to be reachable from Grafana, not from browsers."
        invalid={Boolean(backendProblem)}
        error={backendProblem}
        interactive
      >
        <Input
          id="config-backend-url"
          width={48}
          value={jsonData.backendUrl ?? ''}
          placeholder="http://localhost:11540"
          onChange={setJson('backendUrl')}
        />
      </InlineField>
      <InlineField
        label="API key"
        labelWidth={LABEL_WIDTH}
        tooltip="The backend's LF_API_KEY, if it has one. Stored encrypted; Grafana's proxy adds it to each request as X-Api-Key, and it is never sent to browsers."
        interactive
      >
        <SecretInput
          id="config-api-key"
          width={48}
          isConfigured={Boolean(secureJsonFields?.apiKey)}
          value={secureJsonData?.apiKey ?? ''}
          placeholder="optional"
          onChange={(event: ChangeEvent<HTMLInputElement>) =>
            onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, apiKey: event.target.value } })
          }
          onReset={() =>
            onOptionsChange({
              ...options,
              secureJsonFields: { ...secureJsonFields, apiKey: false },
              secureJsonData: { ...secureJsonData, apiKey: '' },
            })
          }
        />
      </InlineField>
      <InlineField
        label="Prometheus URL"
        labelWidth={LABEL_WIDTH}
        tooltip="Optional. For PromQL sources: the backend queries this Prometheus itself, so it must be reachable from the backend and listed in the backend's LF_PROMETHEUS_URL. Leave empty to use the first URL LF_PROMETHEUS_URL lists, or only other data sources and CSV."
        invalid={Boolean(prometheusProblem)}
        error={prometheusProblem}
        interactive
      >
        <Input
          id="config-prometheus-url"
          width={48}
          value={jsonData.prometheusUrl ?? ''}
          placeholder="http://prometheus:9090"
          onChange={setJson('prometheusUrl')}
        />
      </InlineField>
    </Stack>
  );
}
