import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backendInfos } from '../../src/detectors/registry';
import type { FittedModel } from '../../src/models/fittedModel';
import { decodeModelFile, encodeModelFile } from '../../src/models/modelFile';
import { rawScores } from '../../src/training/pipeline';
import { gaussianMatrix } from '../helpers/data';
import { fittedModel } from '../helpers/fittedModel';
import { runTsScript } from '../helpers/tsProcess';

/** Issue 14: MCD, CBLOF, LODA and SUOD saved in the .alm format and scored in a new process. */
const fitted = (backend: string, params: Record<string, unknown>): Promise<FittedModel> =>
  fittedModel(backend, gaussianMatrix(600, 4, 31), params, { epochs: 1, batchSize: 1 });

describe('mcd, cblof, loda, suod: fit, save, reload in a new process, score identically', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-roundtrip14-'));
  const probe = gaussianMatrix(80, 4, 32);
  // A few rows far outside the training range too: scored the same after reload.
  probe.data.fill(9, 0, 8);
  const probeFile = path.join(dir, 'probe.json');
  writeFileSync(
    probeFile,
    JSON.stringify({ rows: probe.rows, cols: probe.cols, data: Array.from(probe.data) }),
  );

  it('lists the four backends', () => {
    const names = backendInfos().map((info) => info.backend);
    expect(names).toEqual(expect.arrayContaining(['mcd', 'cblof', 'loda', 'suod']));
  });

  const cases: [string, Record<string, unknown>][] = [
    ['mcd', {}],
    ['cblof', {}],
    ['cblof', { n_clusters: 4, use_weights: true }],
    ['loda', {}],
    ['suod', {}],
    [
      'suod',
      {
        base_estimators: [{ backend: 'mcd' }, { backend: 'cblof' }, { backend: 'loda' }, { backend: 'knn' }],
        combination: 'maximization',
      },
    ],
  ];

  it.each(cases)('%s %j', async (backend, params) => {
    const model = await fitted(backend, params);
    const file = path.join(dir, `${backend}-${Object.keys(params).length}.alm`);
    writeFileSync(file, encodeModelFile(model));
    const before = Array.from(rawScores(model, probe));
    const script = path.join(__dirname, '../helpers/scoreModelFile.ts');
    const after = JSON.parse(runTsScript(script, [file, probeFile])) as number[];
    expect(after).toEqual(before);
    // The far rows outrank the typical ones, before and after.
    expect(Math.min(...after.slice(0, 2))).toBeGreaterThan(Math.max(...after.slice(2)));
    // The file alone restores the fit's settings.
    expect(decodeModelFile(readFileSync(file)).detector.state().params).toEqual(
      model.detector.state().params,
    );
  });
});
