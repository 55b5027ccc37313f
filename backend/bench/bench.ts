import os from 'node:os';
import { parseArgs } from 'node:util';
import { benchBaseline } from './baselineBench';
import { benchExplain } from './explainBench';
import { benchExtraDetectors } from './extraBench';
import { benchHttpLoad } from './httpLoadBench';
import { benchIngest } from './ingestBench';
import { benchIsolationForest } from './isolationForestBench';
import { benchMetrics } from './metricsBench';
import { benchMonitors } from './monitorsBench';
import { benchNewDetectors } from './newDetectorsBench';
import { benchStreamApi } from './streamApiBench';
import { benchStreaming } from './streamingBench';
import { benchKernelAndNeighbors } from './tabularBench';
import { benchTimeseries } from './timeseriesBench';
import { benchTimeseriesMany } from './timeseriesManyBench';

/**
 * `npm run bench [-- --only a,b]`: every performance figure of the project in one run, ours beside
 * scikit-learn measured on this machine in the same run (when /usr/bin/python3 has it), as ratios.
 */
const SECTIONS: Record<string, () => Promise<unknown>> = {
  iforest: async () => {
    await benchIsolationForest(100_000, 16, { http: true });
    for (const [rows, cols] of [
      [10_000, 4],
      [10_000, 16],
      [100_000, 4],
    ]) {
      await benchIsolationForest(rows, cols);
    }
  },
  'lof-ocsvm': () =>
    benchKernelAndNeighbors({
      lof: [
        [10_000, 4],
        [10_000, 16],
        [100_000, 4],
        [100_000, 16],
      ],
      ocsvm: [
        [10_000, 4],
        [10_000, 16],
      ],
    }),
  extra: () => benchExtraDetectors(),
  explain: () => benchExplain(),
  'mcd-cblof-loda-suod': () => benchNewDetectors(),
  timeseries: () => benchTimeseries(),
  'timeseries-many': () => benchTimeseriesMany(),
  streaming: () => benchStreaming(),
  stream: () => benchStreamApi(),
  baseline: () => benchBaseline(),
  http: () => benchHttpLoad(),
  ingest: () => benchIngest(),
  monitors: () => benchMonitors(),
  metrics: () => benchMetrics(),
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = (only ?? []).filter((s) => !SECTIONS[s]);
  if (unknown.length)
    throw new Error(`unknown sections ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);
  console.log(
    `# Anomaly Lens benchmark — ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, Node ${process.version}`,
  );
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (!only || only.includes(name)) await run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
