import { loadConfig } from './config';
import { createLogger } from './logger';
import { startServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const running = await startServer(config, log);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Model files are written before a fit responds, so finishing requests is flushing files.
    running.close().then(
      () => {
        log.info('stopped');
        log.flush();
        process.exit(0);
      },
      () => process.exit(1),
    );
    setTimeout(() => process.exit(1), 30_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // One clear line on stderr and a non-zero exit: the service never reports "listening" when it is not.
  console.error(`anomaly-lens failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
