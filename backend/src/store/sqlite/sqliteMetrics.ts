import type { Database } from 'better-sqlite3';
import type { MetricSeriesPoints } from '../monitorStore';

/** PromQL samples per monitor and label set, one value per 5-minute bucket. */
export class SqliteMetrics {
  constructor(private readonly db: Database) {}

  put(monitorId: string, series: readonly MetricSeriesPoints[]): void {
    const label = this.db.prepare(
      'INSERT OR IGNORE INTO metric_series (monitor_id, series_key, labels) VALUES (?, ?, ?)',
    );
    const point = this.db.prepare(
      `INSERT INTO metric_points (monitor_id, series_key, start_ms, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (monitor_id, series_key, start_ms) DO UPDATE SET value = excluded.value`,
    );
    this.db
      .transaction(() => {
        for (const s of series) {
          label.run(monitorId, s.key, JSON.stringify(s.labels));
          for (const [start, value] of s.points) point.run(monitorId, s.key, start, value);
        }
      })
      .immediate();
  }

  points(monitorId: string, from: number, to: number): MetricSeriesPoints[] {
    const series = this.db
      .prepare('SELECT series_key, labels FROM metric_series WHERE monitor_id = ? ORDER BY series_key')
      .all(monitorId) as { series_key: string; labels: string }[];
    const rows = this.db.prepare(
      `SELECT start_ms, value FROM metric_points WHERE monitor_id = ? AND series_key = ? AND start_ms >= ? AND start_ms < ?
       ORDER BY start_ms`,
    );
    return series.map((s) => ({
      key: s.series_key,
      labels: JSON.parse(s.labels) as Record<string, string>,
      points: (rows.all(monitorId, s.series_key, from, to) as { start_ms: number; value: number }[]).map(
        (r): [number, number] => [r.start_ms, r.value],
      ),
    }));
  }

  /** Removes a deleted monitor's samples. */
  drop(monitorId: string): void {
    this.db.prepare('DELETE FROM metric_points WHERE monitor_id = ?').run(monitorId);
    this.db.prepare('DELETE FROM metric_series WHERE monitor_id = ?').run(monitorId);
  }

  /** Deletes samples older than `cutoff`; returns how many went. */
  prune(cutoff: number): number {
    return this.db.prepare('DELETE FROM metric_points WHERE start_ms < ?').run(cutoff).changes;
  }
}
