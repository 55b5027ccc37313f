/**
 * Builds the Grafana data-source plugin into dist/: an AMD module.js whose only dependencies are
 * the modules Grafana shares with plugins, plus plugin.json (version and date filled in), the
 * README and the logo. A plain config: create-plugin's needs Node 22.
 */
const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');

const ROOT = __dirname;
const pkg = require('./package.json');

/** Modules Grafana provides to plugins at runtime (its SystemJS/AMD shared dependencies). */
const GRAFANA_SHARED = [
  'react',
  'react-dom',
  'react-redux',
  'redux',
  'rxjs',
  'rxjs/operators',
  'lodash',
  'moment',
  'jquery',
  'd3',
  'i18next',
  'react-router',
  'react-router-dom',
  '@emotion/css',
  '@emotion/react',
  '@grafana/data',
  '@grafana/ui',
  '@grafana/runtime',
  '@grafana/schema',
];

/** Adds plugin.json, README and logo to the output (no copy-webpack-plugin needed). */
class PluginFilesPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('PluginFilesPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'PluginFilesPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          const today = new Date().toISOString().slice(0, 10);
          const json = fs
            .readFileSync(path.join(ROOT, 'plugin.json'), 'utf8')
            .replace('%VERSION%', pkg.version)
            .replace('%TODAY%', today);
          const files = {
            'plugin.json': json,
            'README.md': fs.readFileSync(path.join(ROOT, 'src/README.md')),
            'img/logo.svg': fs.readFileSync(path.join(ROOT, 'src/img/logo.svg')),
          };
          for (const [name, content] of Object.entries(files)) {
            compilation.emitAsset(name, new webpack.sources.RawSource(content));
          }
          for (const file of ['plugin.json', 'src/README.md', 'src/img/logo.svg']) {
            compilation.fileDependencies.add(path.join(ROOT, file));
          }
        },
      );
    });
  }
}

module.exports = (_env, argv) => ({
  mode: argv.mode ?? 'production',
  context: ROOT,
  entry: { module: './src/module.ts' },
  devtool: false,
  target: ['web', 'es2020'],
  output: {
    path: path.join(ROOT, 'dist'),
    filename: '[name].js',
    library: { type: 'amd' },
    clean: true,
  },
  externals: GRAFANA_SHARED,
  resolve: { extensions: ['.ts', '.tsx', '.js'] },
  module: {
    rules: [
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              target: 'es2020',
              parser: { syntax: 'typescript', tsx: true },
              transform: { react: { runtime: 'classic' } },
            },
          },
        },
      },
    ],
  },
  performance: { hints: false },
  plugins: [new PluginFilesPlugin()],
});

module.exports.GRAFANA_SHARED = GRAFANA_SHARED;
