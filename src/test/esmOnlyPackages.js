/**
 * Packages in node_modules that ship only ES modules (no CommonJS build for `require`): jest must
 * transform them. Found by reading package.json files, so dependency upgrades need no list edits.
 */
const fs = require('node:fs');
const path = require('node:path');

function hasRequireBuild(exportsField) {
  if (!exportsField || typeof exportsField !== 'object') return false;
  const root = exportsField['.'] ?? exportsField;
  if (typeof root !== 'object' || root === null) return false;
  return JSON.stringify(root).includes('"require"') || JSON.stringify(root).includes('"node"');
}

function esmOnly(dir) {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const main = pkg.main ?? '';
    return (
      (pkg.type === 'module' || main.endsWith('.mjs') || main.endsWith('.esm.js')) &&
      !hasRequireBuild(pkg.exports)
    );
  } catch {
    return false;
  }
}

function esmOnlyPackages(nodeModules) {
  const names = [];
  for (const entry of fs.readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@')
      ? fs.readdirSync(path.join(nodeModules, entry)).map((sub) => `${entry}/${sub}`)
      : [entry];
    for (const name of dirs) if (esmOnly(path.join(nodeModules, name))) names.push(name);
  }
  return names;
}

/** A transformIgnorePatterns entry: ignore node_modules except ES-only packages and .mjs files. */
function transformIgnorePattern(nodeModules) {
  const escaped = esmOnlyPackages(nodeModules).map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return `/node_modules/(?!(${escaped.join('|')})/)(?!.*\\.mjs$)`;
}

module.exports = { esmOnlyPackages, transformIgnorePattern };
