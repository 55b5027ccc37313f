/**
 * Which method should `/v1/timeseries/detect` run when a panel names none? Streams every NAB series
 * through the real time-series service (in-process), once per candidate, the way a panel uses it:
 * training window = the series' probationary period (NAB's first 15%, ≤ 750 rows), displayed range =
 * the whole series, every other setting at its default. Prints the NAB score of each candidate.
 *
 *   npm run eval:timeseries-default -- [--data DIR] [--methods a,b]
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pino from 'pino';
import { loadNabCorpus } from '../src/eval/nab/corpus';
import { scoreRun } from '../src/eval/nab/evaluate';
import { detectRequest } from '../src/timeseries/schemas';
import { TimeseriesService } from '../src/timeseries/service';
import { FitRunner } from '../src/training/fitRunner';

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const data = resolve(at('--data') ?? resolve(repoRoot(), '../shared/data/nab'));
  const methods = (at('--methods') ?? 'ensemble,isolation_forest').split(',');
  const corpus = loadNabCorpus(data);
  const service = new TimeseriesService({ runner: new FitRunner(1), log: pino({ level: 'silent' }) });
  console.log(`${corpus.length} NAB series from ${data}`);
  console.log('method               standard  low_FP  low_FN   seconds');
  for (const method of methods) {
    const started = performance.now();
    const scores: Float64Array[] = [];
    for (const s of corpus) {
      const n = s.timestamps.length;
      const probation = Math.min(Math.floor(0.15 * n), 750);
      const t = s.timestamps;
      // A few NAB files repeat a timestamp; the API takes one value per timestamp (the first here).
      const keep = Array.from(t.keys()).filter((i) => i === 0 || t[i] > t[i - 1]);
      const request = detectRequest.parse({
        source: `nab:${s.key}`,
        series: [{ name: s.key, timestamps: keep.map((i) => t[i]), values: keep.map((i) => s.values[i]) }],
        training: { from: t[0], to: t[probation] },
        range: { from: t[0], to: t[n - 1] + 1 },
        detector: { method },
      });
      const response = await service.detect(request, {});
      const out = new Float64Array(n);
      const byTime = new Map(response.series[0].timestamps.map((ts, i) => [ts, response.series[0].score[i]]));
      // NAB scores lie in [0, 1]: standardization scores already do; clamp guards rounding.
      for (let i = 0; i < n; i++) out[i] = Math.min(1, Math.max(0, byTime.get(t[i]) ?? 0));
      scores.push(out);
    }
    const [standard, lowFp, lowFn] = scoreRun(corpus, scores);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${method.padEnd(20)} ${standard.normalized.toFixed(2).padStart(8)} ${lowFp.normalized.toFixed(2).padStart(7)} ${lowFn.normalized.toFixed(2).padStart(7)} ${seconds.toFixed(1).padStart(9)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
