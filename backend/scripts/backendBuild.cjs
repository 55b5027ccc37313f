/**
 * Builds the backend only when its sources changed since the last successful build, so
 * `npm start` on a built checkout serves at once. A stamp file written after a successful tsc run
 * records the build; any source, config or lockfile newer than it triggers a rebuild.
 *
 *   node backend/scripts/backendBuild.cjs          build if stale
 *   node backend/scripts/backendBuild.cjs --force  always build
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const BACKEND = path.resolve(__dirname, '..');
const ROOT = path.resolve(BACKEND, '..');
const STAMP = path.join(BACKEND, 'dist', '.build-stamp');
const INPUTS = ['src', 'bench', 'eval', 'test', 'tsconfig.json'].map((p) => path.join(BACKEND, p));
const ROOT_INPUTS = ['tsconfig.json', 'package.json'].map((p) => path.join(ROOT, p));

function newestMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

function isStale() {
  let built;
  try {
    built = fs.statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  return [...INPUTS, ...ROOT_INPUTS].some((entry) => newestMtime(entry) > built);
}

function build() {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(BACKEND, 'tsconfig.json')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) return false;
  fs.mkdirSync(path.dirname(STAMP), { recursive: true });
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return true;
}

/** Builds when needed; returns false when the build failed. */
function ensureBuilt(force = false) {
  if (!force && !isStale()) return true;
  return build();
}

module.exports = { ensureBuilt };

if (require.main === module) {
  process.exit(ensureBuilt(process.argv.includes('--force')) ? 0 : 1);
}
