/** `npm start`: build the backend if its sources changed, then run the service in this process. */
const path = require('node:path');
const { ensureBuilt } = require('./backendBuild.cjs');

if (!ensureBuilt()) {
  console.error('anomaly-lens: the backend build failed (see the TypeScript errors above)');
  process.exit(1);
}
require(path.join(__dirname, '..', 'dist', 'src', 'main.js'));
