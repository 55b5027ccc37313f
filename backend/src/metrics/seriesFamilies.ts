import type { MonitorSnapshot } from '../contract/monitors';
import { seriesLabels } from './seriesLabels';
import { familyHeader, labelText, valueText } from './textFormat';

type Value = 'observed' | 'expected' | 'upper' | 'lower' | 'deviation_sigma';

const VALUES: readonly [Value, string][] = [
  ['observed', "the series' value in its last evaluated bucket (display unit: latency ms, rates as shares)"],
  ['expected', 'the baseline expectation for that bucket'],
  ['upper', 'upper edge of the normal band'],
  ['lower', 'lower edge of the normal band'],
  ['deviation_sigma', '(observed − expected) / σ_eff'],
];

const ACTIVE_HELP = 'Per monitored series: 1 while an anomaly is open, ongoing or recovering, else 0.';
const SEVERITY_HELP = 'Per series with an anomaly in progress: its severity at opening, 0–100.';
const INFO_HELP =
  'Per series with an anomaly in progress: always 1; labels carry its id, direction and summary ' +
  '(all fixed at opening, so the series is stable for the whole anomaly).';

/**
 * The per-series families, written straight to text: one gauge per value of the monitor's last
 * evaluation (absent while null), `anomalylens_anomaly_active` (0/1) for every exposed series, and
 * for series with an anomaly in progress its opening severity and an info series with its id and
 * summary. Each series' label text is escaped once and shared by its 6–8 samples: through
 * prom-client gauges (a label set hashed per set, formatted per sample) a 10,000-series scrape took
 * 280–450 ms on this machine, over the 250 ms budget; the rest of /metrics stays in prom-client.
 */
export function renderSeriesFamilies(exposed: readonly MonitorSnapshot[]): string {
  const labels = exposed.map((s) => `{${labelText(seriesLabels(s))}} `);
  // Lines gathered in one array and joined once: a flat string, where ~80k `+=` would leave a rope
  // that costs as much again to flatten when the response is encoded.
  const out: string[] = [];
  const family = (
    name: string,
    help: string,
    sample: (s: MonitorSnapshot, labels: string) => string | null,
  ): void => {
    out.push(familyHeader(name, help, 'gauge'));
    for (let i = 0; i < exposed.length; i++) {
      const line = sample(exposed[i], labels[i]);
      if (line !== null) out.push(name, line);
    }
  };
  for (const [value, help] of VALUES) {
    family(`anomalylens_monitor_${value}`, `Per monitored series: ${help}.`, (s, l) => {
      const v = s[value];
      return v === null ? null : `${l}${valueText(v)}\n`;
    });
  }
  family('anomalylens_anomaly_active', ACTIVE_HELP, (s, l) => `${l}${s.anomaly ? 1 : 0}\n`);
  family('anomalylens_anomaly_severity', SEVERITY_HELP, (s, l) =>
    s.anomaly ? `${l}${valueText(s.anomaly.severity)}\n` : null,
  );
  family('anomalylens_anomaly_info', INFO_HELP, (s, l) => {
    if (!s.anomaly) return null;
    const { id, direction, summary } = s.anomaly;
    return `${l.slice(0, -2)},${labelText({ anomaly_id: id, direction, summary })}} 1\n`;
  });
  return out.join('');
}
