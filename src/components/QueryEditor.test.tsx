import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';
import { startLensFixture, type LensFixture } from '../test/lensFixture';
import type { AnomalyQuery } from '../types';
import { QueryEditor } from './QueryEditor';

/** Holds the query like a panel editor does; records every change and every run. */
function Harness({
  fx,
  start,
  log,
}: {
  fx: LensFixture;
  start: AnomalyQuery;
  log: { changes: AnomalyQuery[]; runs: number };
}) {
  const [query, setQuery] = useState(start);
  return (
    <QueryEditor
      datasource={fx.lens}
      query={query}
      onChange={(q) => {
        log.changes.push(q);
        setQuery(q);
      }}
      onRunQuery={() => log.runs++}
    />
  );
}

const latest = (log: { changes: AnomalyQuery[] }) => log.changes[log.changes.length - 1];

jest.setTimeout(20_000);

describe('QueryEditor', () => {
  let fx: LensFixture;
  beforeAll(async () => {
    fx = await startLensFixture();
  });
  afterAll(() => fx.backend.stop());

  const setup = (start: Partial<AnomalyQuery> = {}) => {
    const log = { changes: [] as AnomalyQuery[], runs: 0 };
    const user = userEvent.setup({ delay: null });
    render(<Harness fx={fx} start={{ refId: 'A', ...start }} log={log} />);
    return { log, user };
  };

  it('offers the detectors the backend lists and picks one by keyboard', async () => {
    const { log, user } = setup({ source: 'csv', csv: 'time,x\n1,1\n2,2', method: 'isolation_forest' });
    await user.click(screen.getByLabelText('Detector'));
    const menu = await screen.findByRole('listbox');
    await waitFor(() => expect(within(menu).getAllByRole('option')).toHaveLength(3)); // once the list has loaded
    expect(
      within(menu)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      expect.stringContaining('isolation_forest'),
      expect.stringContaining('seasonal_band'),
      expect.stringContaining('ensemble'),
    ]);
    await user.keyboard('{ArrowDown}{Enter}');
    expect(latest(log)).toMatchObject({ method: 'seasonal_band', mode: 'per_series' });
    expect(log.runs).toBe(1);
    // A streaming method takes no feature rows and scores one series at a time.
    expect(screen.queryByLabelText('Differences')).not.toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Multivariate' })).toBeDisabled();
  });

  it('validates inline CSV as you type and runs once it is valid', async () => {
    const { log, user } = setup({ source: 'datasource' });
    await user.click(screen.getByRole('radio', { name: 'CSV' }));
    const csv = screen.getByLabelText('Points');
    await user.click(csv);
    await user.paste('time,cpu\n2024-01-01T00:00:00Z,1\n2023-12-31T00:00:00Z,');
    await user.keyboard('2'); // the error shows while typing
    expect(screen.getByText(/line 3: time goes backwards/)).toBeInTheDocument();
    const runs = log.runs;
    await user.tab();
    expect(log.runs).toBe(runs); // invalid: not run
    await user.clear(csv);
    await user.paste('time,cpu\n1000,1\n2000,');
    expect(screen.queryByText(/line \d/)).not.toBeInTheDocument();
    await user.tab();
    expect(log.runs).toBe(runs + 1);
    expect(latest(log).csv).toBe('time,cpu\n1000,1\n2000,');
  });

  it("embeds the chosen data source's own query editor", async () => {
    const { log, user } = setup({ source: 'datasource' });
    expect(screen.getByText('choose the data source to analyse')).toBeInTheDocument();
    await user.click(screen.getByLabelText('From data source'));
    await user.click(await screen.findByText('Wave'));
    expect(latest(log).sourceDatasource).toEqual({ uid: 'wave', type: 'test-wave-datasource' });
    const nested = await screen.findByTestId('nested-query-editor');
    await user.type(within(nested).getByLabelText('Series name'), 'mem');
    expect(latest(log).sourceQuery).toMatchObject({ refId: 'A', series: 'mem' });
  });

  it('checks the training window, feature lists and cut-off as you type', async () => {
    const { user } = setup({ source: 'promql', expr: 'up', method: 'isolation_forest' }); // a tabular method has feature rows
    await user.clear(screen.getByLabelText('Length'));
    await user.type(screen.getByLabelText('Length'), '7 days');
    expect(screen.getByText(/'7 days' is not a duration like 7d or 12h/)).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Fixed range' }));
    await user.type(screen.getByLabelText('From'), 'now-14d');
    await user.type(screen.getByLabelText('To'), 'now-20d');
    expect(screen.getByText('the training range must start before it ends')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), 'now-7d');
    expect(screen.queryByText(/training range|not a time/)).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Lags'), '1, x');
    expect(screen.getByText("'x' is not a whole number from 1 to 10000")).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Share'));
    await user.type(screen.getByLabelText('Share'), '0.7');
    expect(screen.getByText(/more than 0 and at most 0.5/)).toBeInTheDocument();
  });

  it('moves between options with the arrow keys', async () => {
    const { log, user } = setup({ source: 'promql', expr: 'up' });
    await user.click(screen.getByRole('radio', { name: 'Per series' }));
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(latest(log)).toMatchObject({ mode: 'multivariate' }));
    expect(screen.getByRole('radio', { name: 'Multivariate' })).toHaveFocus();
  });

  it('shows no detect options for the Models query', async () => {
    const { log, user } = setup({ source: 'promql', expr: 'up' });
    await user.click(screen.getByRole('radio', { name: 'Models' }));
    expect(latest(log).queryType).toBe('models');
    expect(screen.queryByLabelText('Detector')).not.toBeInTheDocument();
    expect(screen.getByText(/Lists the models saved/)).toBeInTheDocument();
  });
});
