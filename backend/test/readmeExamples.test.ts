import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startService, type RunningService } from './helpers/service';

/**
 * Every `curl` example in the README, run as written (only the host:port is pointed at a fresh
 * service) in README order, so later examples see what earlier ones created.
 */
const README = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((b) => b.includes('curl '));

/** Each curl's body and HTTP status, in order: curl is wrapped to print the status after the body. */
function runBlock(block: string, base: string): { body: string; status: number }[] {
  const script =
    `curl() { command curl -sS -w '\\n@@status %{http_code}\\n' "$@"; }\n` +
    block.replaceAll('localhost:11540', base.replace(/^http:\/\//, ''));
  const run = spawnSync('bash', ['-e', '-c', script], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`block failed (${run.status}): ${run.stderr}\n${block}`);
  const parts = run.stdout.split(/\n?@@status (\d{3})\n/);
  const calls: { body: string; status: number }[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) calls.push({ body: parts[i], status: Number(parts[i + 1]) });
  return calls;
}

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.stop();
});

describe('README curl examples', () => {
  it('are found', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it('all answer 2xx as written, and say what the README says they do', () => {
    const results = blocks.map((block) => ({ block, calls: runBlock(block, svc.url) }));
    for (const { block, calls } of results) {
      expect(calls.length).toBe((block.match(/^\s*curl /gm) ?? []).length);
      for (const call of calls) {
        if (call.status < 200 || call.status > 299)
          throw new Error(`HTTP ${call.status}: ${call.body}\n${block}`);
      }
    }
    const all = results.flatMap((r) => r.calls.map((c) => JSON.parse(c.body) as Record<string, unknown>));

    // "Fit and detect": 5, 50 and -10 (rows 1, 2, 3) are anomalous; 22 is not.
    const detect = all.find(
      (b) => b.model === 'temps' && 'summary' in b && Array.isArray(b.data) && !('samples_fitted' in b),
    );
    expect((detect!.data as { index: number }[]).map((r) => r.index)).toEqual([1, 2, 3]);

    // "Explanations": the attack row in the request's own units and categories.
    const explained = all.find((b) => Array.isArray(b.data) && 'explained_count' in (b.summary as object));
    const row = (explained!.data as { explanation: { reason: string } }[])[0];
    expect(row.explanation.reason).toBe(
      "bytes 500000 is 488× the training median (1024), above the training maximum (1100); response_time_ms 9000 is 90× the training median (100), above the training maximum (105); user_agent 'sqlmap/1.0' never seen in training; method 'DELETE' never seen in training",
    );

    // Versioning: a UTC-stamped version, then the plain name with overwrite, then its deletion.
    const versioned = all.find((b) => b.base_name === 'sensor' && b.overwrite === false);
    expect(versioned!.model).toMatch(/^sensor_\d{8}_\d{6}(_\d+)?$/);
    expect(
      all.some((b) => b.object === 'delete_result' && b.filename === 'sensor_isolation_forest.alm'),
    ).toBe(true);

    // Time series: one series back with scores.
    const detection = all.find((b) => b.object === 'timeseries_detection');
    expect((detection!.series as unknown[]).length).toBe(1);
  }, 120_000);
});
