import os from 'node:os';
import { benchIsolationForest } from './isolationForestBench';

/**
 * `npm run bench`: every performance figure of the project in one run, ours beside the reference
 * implementations measured on this machine in the same run, reported as ratios.
 */
async function main(): Promise<void> {
  console.log(
    `# Anomaly Lens benchmark — ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, Node ${process.version}`,
  );
  await benchIsolationForest();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
