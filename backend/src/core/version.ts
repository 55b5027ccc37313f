import { readFileSync } from 'node:fs';
import path from 'node:path';

function readVersion(): string {
  // backend/src/core or backend/dist/src/core → the repository's package.json
  for (const up of ['../../..', '../../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(__dirname, up, 'package.json'), 'utf8')) as {
        version?: string;
      };
      if (pkg.version) return pkg.version;
    } catch {
      // try the next level
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
