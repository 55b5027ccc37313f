import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface WasmCompiler {
  compileWat(path: string): Promise<Buffer>;
  wasmModuleSource(path: string, bytes: Buffer): string;
  outputPath(path: string): string;
}

const sources = ['detectors/localOutlierFactor/simd/candidateScan.wat'];

describe('committed WebAssembly modules match their .wat sources', () => {
  it.each(sources)('%s (run `npm run build:wasm` after editing it)', async (relative) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const compiler = require('../../scripts/compileWasm.cjs') as WasmCompiler;
    const path = join(__dirname, '../../src', relative);
    const expected = compiler.wasmModuleSource(path, await compiler.compileWat(path));
    expect(readFileSync(compiler.outputPath(path), 'utf8')).toBe(expected);
  });
});
