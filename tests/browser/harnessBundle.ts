import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import webpack from 'webpack';

const ROOT = path.resolve(__dirname, '../..');
const CACHE = path.join(ROOT, 'node_modules/.cache/anomalylens-harness');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** A hash of everything the bundle is built from: harness and test sources, and the lockfile. */
function inputsHash(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(path.join(__dirname, 'harness')),
    ...filesUnder(path.join(ROOT, 'src/test')),
    path.join(ROOT, 'src/types.ts'),
    path.join(__dirname, 'harness.webpack.config.js'),
    path.join(ROOT, 'package-lock.json'),
  ].sort();
  for (const file of inputs) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The harness bundle, built with webpack when its inputs changed (≈30 s: it bundles @grafana/ui),
 * else taken from node_modules/.cache. Returns the directory holding harness.js.
 */
export async function harnessBundle(): Promise<string> {
  const dir = path.join(CACHE, inputsHash());
  if (existsSync(path.join(dir, 'harness.js'))) return dir;
  mkdirSync(dir, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require('./harness.webpack.config.js')(dir) as webpack.Configuration;
  await new Promise<void>((resolve, reject) =>
    webpack(config, (error, stats) => {
      if (error) return reject(error);
      if (stats?.hasErrors()) return reject(new Error(stats.toString('errors-only')));
      resolve();
    }),
  );
  return dir;
}
