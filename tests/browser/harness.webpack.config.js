/**
 * Bundles the browser-test harness: Grafana's shared modules (React, @grafana/*, rxjs, …), the
 * harness app and uPlot. The plugin itself is NOT bundled: the page loads dist/module.js as AMD.
 */
const path = require('node:path');
const webpack = require('webpack');

const ROOT = path.resolve(__dirname, '../..');

module.exports = (outputDir) => ({
  mode: 'development',
  devtool: false,
  context: ROOT,
  entry: path.join(__dirname, 'harness/main.tsx'),
  output: { path: outputDir, filename: 'harness.js' },
  module: {
    rules: [
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      { test: /\.css$/, type: 'asset/source' },
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
  resolve: {
    extensions: ['.ts', '.tsx', '.js', '.mjs'],
    // The code editor (Monaco) and an optional, uninstalled dependency of the old query field: the
    // harness renders neither, and leaving them out halves the build.
    alias: { 'slate-react-placeholder': false, 'react-monaco-editor': false, 'monaco-editor': false },
  },
  performance: { hints: false },
  optimization: { minimize: false },
  plugins: [
    new webpack.DefinePlugin({ 'process.env.NODE_ENV': JSON.stringify('production') }),
    new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
  ],
  infrastructureLogging: { level: 'error' },
  stats: 'errors-only',
});
