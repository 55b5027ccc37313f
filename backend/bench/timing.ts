import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Best of `repeats` wall-clock runs, in milliseconds (the least disturbed run on a shared machine). */
export async function bestMs(repeats: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    await fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const PYTHON = '/usr/bin/python3';

/** Whether Debian's scikit-learn is there to be measured beside us. */
export function hasSklearn(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs a reference script from backend/bench single-threaded and parses the JSON it prints. */
export function runReference<T>(script: string, args: string[] = []): T {
  const file = path.resolve(__dirname, '../../bench', script);
  const out = execFileSync(PYTHON, [file, ...args], {
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
export const ratio = (theirs: number, ours: number): string => `${(theirs / ours).toFixed(2)}×`;

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Latencies in milliseconds as one line: median, p99, maximum and how many. */
export const latencySummary = (xs: number[]): string =>
  `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} requests)`;
