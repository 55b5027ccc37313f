import type { DataSourceSettings } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';
import type { AnomalyOptions, AnomalySecureOptions } from '../types';
import { ConfigEditor } from './ConfigEditor';

type Settings = DataSourceSettings<AnomalyOptions, AnomalySecureOptions>;

const initial = (patch: Partial<Settings> = {}): Settings =>
  ({ uid: 'lens', jsonData: {}, secureJsonFields: {}, secureJsonData: {}, ...patch }) as Settings;

/** Holds the settings like Grafana's data source page does, so typing accumulates. */
function Harness({ start, onSettings }: { start: Settings; onSettings: (s: Settings) => void }) {
  const [options, setOptions] = useState(start);
  return (
    <ConfigEditor
      options={options}
      onOptionsChange={(next) => {
        setOptions(next);
        onSettings(next);
      }}
    />
  );
}

describe('ConfigEditor', () => {
  it('edits the backend and Prometheus URLs by keyboard and validates them as you type', async () => {
    const user = userEvent.setup();
    let latest = initial();
    render(<Harness start={latest} onSettings={(s) => (latest = s)} />);
    expect(screen.getByText(/the backend URL is required/)).toBeInTheDocument();
    await user.click(screen.getByLabelText('Backend URL'));
    await user.keyboard('localhost:11540');
    expect(screen.getByText(/use an http:\/\/ or https:\/\/ URL|not a URL/)).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Backend URL'));
    await user.keyboard('http://lens:11540');
    expect(screen.queryByText(/not a URL|required|use an http/)).not.toBeInTheDocument();
    await user.tab(); // on to the API key, then the Prometheus URL
    await user.tab();
    expect(screen.getByLabelText('Prometheus URL')).toHaveFocus();
    await user.keyboard('http://prom:9090');
    expect(latest.jsonData).toEqual({ backendUrl: 'http://lens:11540', prometheusUrl: 'http://prom:9090' });
  });

  it('keeps the API key in secureJsonData and can reset a stored one', async () => {
    const user = userEvent.setup();
    let latest = initial();
    const { unmount } = render(<Harness start={latest} onSettings={(s) => (latest = s)} />);
    await user.type(screen.getByLabelText('API key'), 's3cret');
    expect(latest.secureJsonData).toEqual({ apiKey: 's3cret' });
    expect(latest.jsonData).toEqual({});
    unmount();

    render(
      <Harness start={initial({ secureJsonFields: { apiKey: true } })} onSettings={(s) => (latest = s)} />,
    );
    expect(screen.getByDisplayValue('configured')).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(latest.secureJsonFields).toEqual({ apiKey: false });
    expect(latest.secureJsonData).toEqual({ apiKey: '' });
  });
});
