import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backendInfos } from '../../src/detectors/registry';
import type { FittedModel } from '../../src/models/fittedModel';
import { encodeModelFile } from '../../src/models/modelFile';
import { rawScores } from '../../src/training/pipeline';
import { gaussianMatrix } from '../helpers/data';
import { fittedModel } from '../helpers/fittedModel';
import { runTsScript } from '../helpers/tsProcess';

const BACKENDS = ['autoencoder', 'ecod', 'copod', 'hbos', 'knn'];

const fitted = (backend: string, params: Record<string, unknown>): Promise<FittedModel> =>
  fittedModel(backend, gaussianMatrix(300, 3, 21), params);

describe('fit, save, reload in a new process, score identically', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-roundtrip-'));
  const probe = gaussianMatrix(50, 3, 22);
  const probeFile = path.join(dir, 'probe.json');
  writeFileSync(
    probeFile,
    JSON.stringify({ rows: probe.rows, cols: probe.cols, data: Array.from(probe.data) }),
  );

  it('lists the five backends with their metadata', () => {
    const infos = backendInfos().filter((info) => BACKENDS.includes(info.backend));
    expect(infos.map((info) => info.backend).sort()).toEqual([...BACKENDS].sort());
    expect(infos.find((info) => info.backend === 'autoencoder')).toMatchObject({
      category: 'deep_learning',
      is_legacy: true,
    });
  });

  const cases: [string, Record<string, unknown>][] = [
    ...BACKENDS.map((b): [string, Record<string, unknown>] => [b, {}]),
    ['autoencoder', { error_space: 'standardized' }],
  ];

  it.each(cases)('%s %j', async (backend, params) => {
    const model = await fitted(backend, params);
    const file = path.join(dir, `${backend}-${Object.keys(params).length}.alm`);
    writeFileSync(file, encodeModelFile(model));
    const script = path.join(__dirname, '../helpers/scoreModelFile.ts');
    const scores = JSON.parse(runTsScript(script, [file, probeFile])) as number[];
    expect(scores).toEqual(Array.from(rawScores(model, probe)));
  });
});
