import { loadConfig } from './config';
import { createLogger } from './logger';
import { startServer } from './server';

/** After the grace period, the 503 answers get this long before the process gives up waiting. */
const HARD_STOP_MARGIN_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const running = await startServer(config, log);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, grace_ms: config.shutdownGraceMs }, 'shutting down: finishing in-flight requests');
    // Model files and job files are written atomically before anyone is told about them, so exiting
    // after the last answer loses nothing; async jobs still running are reported `interrupted` on restart.
    running.shutdown(config.shutdownGraceMs).then(
      ({ cutOff }) => {
        if (cutOff > 0)
          log.warn({ requests: cutOff }, 'grace period over: answered 503 to requests still running');
        log.info('stopped');
        log.flush();
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        log.flush();
        process.exit(1);
      },
    );
    setTimeout(() => process.exit(1), config.shutdownGraceMs + HARD_STOP_MARGIN_MS).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // One clear line on stderr and a non-zero exit: the service never reports "listening" when it is not.
  console.error(`anomaly-lens failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
