import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The layering rules in .dependency-cruiser.cjs (also run by `npm run lint`) hold for backend/src. */
describe('backend layering', () => {
  it('has no dependency violations: layers, independent APIs, HTTP only at the edge, no cycles', () => {
    const bin = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const run = spawnSync(process.execPath, [bin, 'backend/src', '--config', '.dependency-cruiser.cjs'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  }, 60_000);
});
