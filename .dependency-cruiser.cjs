/**
 * The backend's layering, enforced by `npm run lint` (README "Code map" explains it).
 *
 *   composition root   backend/src/*.ts (main, server, app, config, logger)
 *   APIs               anomaly/  timeseries/  monitors/  metrics/  stream/   (one folder per HTTP API)
 *   HTTP plumbing      http/
 *   services           training/  models/  compute/  store/  notify/  sources/
 *   libraries          streaming/  eval/  baseline/  explain/
 *   algorithms         detectors/  encoding/
 *   foundation         core/  contract/  types/
 *
 * A layer imports only layers below it; the APIs never import each other; only an API's
 * router.ts and the composition root touch HTTP code (express, http/).
 */
const SRC = '^backend/src/';
const ROOT = `${SRC}[^/]+\\.ts$`;
const APIS = `${SRC}(anomaly|timeseries|monitors|metrics|stream)/`;
const HTTP = `${SRC}http/`;
const SERVICES = `${SRC}(training|models|compute|store|notify|sources)/`;
const LIBRARIES = `${SRC}(streaming|eval|baseline|explain)/`;
const ALGORITHMS = `${SRC}(detectors|encoding)/`;
const FOUNDATION = `${SRC}(core|contract|types)/`;

const layer = (name, from, above) => ({
  name: `layer-${name}`,
  comment: `${name} code may import only layers below it`,
  severity: 'error',
  from: { path: from },
  to: { path: above },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'modules must not depend on themselves through others',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('foundation', FOUNDATION, `${SRC}(?!core/|contract/|types/)`),
    layer('algorithms', ALGORITHMS, [ROOT, APIS, HTTP, SERVICES, LIBRARIES]),
    layer('libraries', LIBRARIES, [ROOT, APIS, HTTP, SERVICES]),
    layer('services', SERVICES, [ROOT, APIS, HTTP]),
    layer('http', HTTP, [ROOT, APIS]),
    layer('apis', APIS, [ROOT]),
    {
      name: 'apis-independent',
      comment: 'one API never imports another: shared code belongs in a library below both',
      severity: 'error',
      from: { path: `${SRC}(anomaly|timeseries|monitors|metrics|stream)/` },
      to: { path: `${SRC}(anomaly|timeseries|monitors|metrics|stream)/`, pathNot: `${SRC}$1/` },
    },
    {
      name: 'domain-without-http',
      comment: 'domain code raises domain errors (core/errors); only routers and the root speak HTTP',
      severity: 'error',
      from: { path: SRC, pathNot: [ROOT, HTTP, `${SRC}[^/]+/router\\.ts$`] },
      to: { path: [HTTP, '(^|/)node_modules/express/'] },
    },
    {
      name: 'no-orphans',
      comment: 'every source file is used by something (wire types may serve only clients and tests)',
      severity: 'error',
      from: {
        orphan: true,
        path: SRC,
        pathNot: ['\\.d\\.ts$', `${SRC}main\\.ts$`, `${SRC}training/fitWorker\\.ts$`, `${SRC}contract/`],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: require('node:path').join(__dirname, 'backend', 'tsconfig.json') },
    tsPreCompilationDeps: true,
    exclude: { path: '^backend/dist/' },
  },
};
