import { buildFeatures, forwardFill, rolling } from '../../src/timeseries/features/pointFeatures';
import { featureSpec } from '../../src/timeseries/schemas';

const spec = (s: Record<string, unknown>) => featureSpec.parse(s);
const column = (table: ReturnType<typeof buildFeatures>, name: string) =>
  Array.from({ length: table.rows }, (_, i) => table.data[i * table.cols + table.names.indexOf(name)]);

describe('time-series features', () => {
  const t = Float64Array.from([0, 1, 2, 3, 4], (i) => i * 60_000);
  const v = Float64Array.from([1, NaN, 4, 10, 5]);

  it('carries the last value over gaps, and the first value back over leading gaps', () => {
    expect(Array.from(forwardFill(Float64Array.from([NaN, 2, NaN, NaN, 3])))).toEqual([2, 2, 2, 2, 3]);
  });

  it('computes differences and lags by point, using the first point where history is missing', () => {
    const table = buildFeatures(t, v, spec({ diffs: [1, 2], lags: [1] }));
    expect(table.names).toEqual(['value', 'diff(1)', 'diff(2)', 'lag(1)']);
    expect(column(table, 'value')).toEqual([1, 1, 4, 10, 5]);
    expect(column(table, 'diff(1)')).toEqual([0, 0, 3, 6, -5]);
    expect(column(table, 'diff(2)')).toEqual([0, 0, 3, 9, 1]);
    expect(column(table, 'lag(1)')).toEqual([1, 1, 1, 4, 10]);
  });

  it('matches a direct computation of trailing mean and population std', () => {
    const x = Float64Array.from({ length: 500 }, (_, i) => 1e6 + Math.sin(i) * 3 + (i % 7));
    const { mean, std } = rolling(x, 30);
    for (const i of [0, 1, 29, 30, 250, 499]) {
      const win = Array.from(x.subarray(Math.max(0, i - 29), i + 1));
      const m = win.reduce((a, b) => a + b, 0) / win.length;
      const sd = Math.sqrt(win.reduce((a, b) => a + (b - m) ** 2, 0) / win.length);
      expect(mean[i]).toBeCloseTo(m, 6);
      expect(std[i]).toBeCloseTo(sd, 6);
    }
  });

  it('encodes hour of day and weekday on the unit circle, in the given UTC offset', () => {
    // 2024-01-01 is a Monday; 06:00 UTC is a quarter of the day.
    const monday6 = Float64Array.of(Date.UTC(2024, 0, 1, 6));
    const table = buildFeatures(monday6, Float64Array.of(1), spec({ hour_of_day: true, day_of_week: true }));
    expect(column(table, 'hour_sin')[0]).toBeCloseTo(1, 12);
    expect(column(table, 'hour_cos')[0]).toBeCloseTo(0, 12);
    expect(column(table, 'weekday_sin')[0]).toBeCloseTo(Math.sin((2 * Math.PI) / 7), 12);
    // 06:00 UTC at UTC-7 is 23:00 on Sunday.
    const local = buildFeatures(
      monday6,
      Float64Array.of(1),
      spec({ hour_of_day: true, day_of_week: true, utc_offset_minutes: -420 }),
    );
    expect(column(local, 'hour_sin')[0]).toBeCloseTo(Math.sin((2 * Math.PI * 23) / 24), 12);
    expect(column(local, 'weekday_sin')[0]).toBeCloseTo(0, 12);
    expect(column(local, 'weekday_cos')[0]).toBeCloseTo(1, 12);
  });
});
