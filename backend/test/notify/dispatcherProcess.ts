// A dispatcher in its own process, for the kill -9 test: delivers the outbox of the database file
// argv[2] to the webhook argv[3], with a short lease so a successor can take over quickly.
import { Notifier } from '../../src/notify/notifier';
import { SqliteMonitorStore } from '../../src/store/sqlite/sqliteStore';
import { notifyConfig } from './fixtures';

const [file, url] = process.argv.slice(2);
const config = notifyConfig({ webhook: { url, secret: 'k', format: 'json', notifyResolved: false } });
const notifier = new Notifier({
  store: new SqliteMonitorStore(file),
  config: { ...config, delivery: { ...config.delivery, leaseMs: 1_000, pollIntervalMs: 50 } },
});
notifier.start();
process.stdout.write('started\n');
