import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { learnedThresholds, scoreStats } from '../../src/core/normalization';
import { isolationForestFactory } from '../../src/detectors/isolationForest';
import type { FittedModel } from '../../src/models/fittedModel';
import { decodeModelFile, encodeModelFile, ModelFileError } from '../../src/models/modelFile';
import { ModelStore } from '../../src/models/modelStore';
import { rawScores, train } from '../../src/training/pipeline';
import { gaussianMatrix } from '../helpers/data';

async function fitted(name: string): Promise<FittedModel> {
  const x = gaussianMatrix(500, 3, 11);
  const trained = await train(isolationForestFactory, x, {
    contamination: 0.1,
    params: {},
    epochs: 1,
    batchSize: 1,
  });
  return {
    meta: {
      name,
      baseName: name,
      isVersioned: false,
      description: 'test model',
      backend: 'isolation_forest',
      contamination: 0.1,
      inputDim: 3,
      normalization: 'standardization',
      samplesFitted: 500,
      createdAt: new Date().toISOString(),
      fitInfo: {},
    },
    encoder: null,
    ...trained,
  };
}

describe('model file format', () => {
  it('round-trips every part of a fitted model', async () => {
    const model = await fitted('m');
    const restored = decodeModelFile(encodeModelFile(model), null);
    const probe = gaussianMatrix(64, 3, 2);
    expect(Array.from(rawScores(restored, probe))).toEqual(Array.from(rawScores(model, probe)));
    expect(restored.meta).toEqual(model.meta);
    expect(restored.stats).toEqual(model.stats);
    expect(restored.thresholds).toEqual(model.thresholds);
    expect(Array.from(restored.scaler.center)).toEqual(Array.from(model.scaler.center));
  });

  it('keeps the statistics of the training scores', async () => {
    const model = await fitted('m');
    const trainRaw = rawScores(model, gaussianMatrix(500, 3, 11));
    expect(model.stats).toEqual(scoreStats(trainRaw));
    expect(model.thresholds).toEqual(learnedThresholds(trainRaw, model.stats, 0.1));
  });

  it('refuses damaged and foreign files', async () => {
    const bytes = encodeModelFile(await fitted('m'));
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 3] ^= 0xff;
    expect(() => decodeModelFile(flipped, null)).toThrow(/checksum/);
    // The header is covered too: one digit of the stored statistics.
    const text = bytes.toString('latin1');
    const at = text.slice(text.indexOf('"mean":')).search(/[1-8]/) + text.indexOf('"mean":');
    const edited = Buffer.from(bytes);
    edited[at] += 1;
    expect(() => decodeModelFile(edited, null)).toThrow(/checksum mismatch/);
    expect(() => decodeModelFile(Buffer.alloc(0), null)).toThrow(/empty file/);
    expect(() => decodeModelFile(bytes.subarray(0, 20), null)).toThrow(ModelFileError);
    expect(() => decodeModelFile(Buffer.from('PK\u0003\u0004 a zip'), null)).toThrow(
      /not an Anomaly Lens model/,
    );
  });
});

describe('model store', () => {
  it('saves atomically (encoder inside the one file), lists, loads, and deletes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-store-'));
    const store = new ModelStore(dir);
    await store.init();
    const model = {
      ...(await fitted('a')),
      encoder: { version: 1 as const, schema: {}, feature_order: [], encoders: {} },
    };
    const saved = await store.save(model);
    expect(readdirSync(store.dir).sort()).toEqual(['a_isolation_forest.alm']);
    expect(saved.path).toBe('models/anomaly/a_isolation_forest.alm');
    expect((await store.load('a', 'isolation_forest'))?.encoder?.version).toBe(1);
    expect(readFileSync(path.join(dir, saved.path)).length).toBe(saved.sizeBytes);
    const listed = await store.list();
    expect(listed.map((m) => m.header.meta.name)).toEqual(['a']);
    expect((await store.load('a', 'isolation_forest'))?.meta.description).toBe('test model');
    expect(await store.delete('a_isolation_forest.alm')).toMatchObject({ existed: true });
    expect(readdirSync(store.dir)).toEqual([]);
    expect(await store.delete('a_isolation_forest.alm')).toMatchObject({ existed: false });
  });

  it('refuses to overwrite a different name that sanitizes alike', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-store-'));
    const store = new ModelStore(dir);
    await store.init();
    await store.save(await fitted('cpu load'));
    await expect(store.save(await fitted('cpu/load'))).rejects.toThrow(/already holds model 'cpu load'/);
    await expect(store.save(await fitted('cpu load'))).resolves.toBeTruthy();
    expect(await store.load('cpu/load', 'isolation_forest')).toBeNull();
  });

  it('sweeps temp files a crash left behind and skips unreadable models when listing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-store-'));
    const store = new ModelStore(dir);
    await store.init();
    writeFileSync(path.join(store.dir, 'x_isolation_forest.alm.123.tmp'), 'half');
    writeFileSync(path.join(store.dir, '.0123abcd.tmp'), 'half');
    writeFileSync(path.join(store.dir, 'junk_isolation_forest.alm'), 'not a model');
    await store.init();
    expect(readdirSync(store.dir)).toEqual(['junk_isolation_forest.alm']);
    expect(await store.list()).toEqual([]);
    expect((await store.scan()).damaged.map((d) => d.error)).toEqual([
      "model file 'junk_isolation_forest.alm' failed its integrity check (not an Anomaly Lens model file: bad magic); refit or restore it",
    ]);
  });
});
