import type { MonitorSnapshot } from '../contract/monitors';
import { readSources, type MetricsSources, type ScrapeFrame } from './sources';
import { selectSeries, type SeriesSelection } from './seriesSelection';

/** Everything one scrape exposes, read once so all metric families agree with each other. */
export interface Scrape {
  readonly frame: ScrapeFrame;
  readonly selection: SeriesSelection;
  readonly maxSeries: number;
}

const NONE: readonly MonitorSnapshot[] = [];

export function takeScrape(sources: MetricsSources, maxSeries: number): Scrape {
  const frame = readSources(sources);
  const snapshots = frame.snapshots.ok ? frame.snapshots.value : NONE;
  return { frame, selection: selectSeries(snapshots, maxSeries), maxSeries };
}
