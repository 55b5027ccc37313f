import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gaussianMatrix, toRows } from '../helpers/data';
import { toLegacyModelFile } from '../helpers/legacyModelFile';
import { newDataDir, startService, type RunningService } from '../helpers/service';

/** Integrity of model files on disk, legacy (format 1) files, DELETE of non-model files, no absolute paths. */
const train = toRows(gaussianMatrix(400, 3, 21));
const probe = toRows(gaussianMatrix(20, 3, 22));
const schema = { a: 'numeric', b: 'numeric', kind: 'label' } as const;
const objects = (rows: number[][]) => rows.map(([a, b], i) => ({ a, b, kind: ['x', 'y', 'z'][i % 3] }));

const modelsDir = (dataDir: string): string => path.join(dataDir, 'models', 'anomaly');
const file = (dataDir: string, name: string): string =>
  path.join(modelsDir(dataDir), `${name}_isolation_forest.alm`);

/** The byte offset of the first digit 1-8 of the stored score mean (inside the JSON header). */
function meanDigit(bytes: Buffer): number {
  const text = bytes.toString('latin1');
  const at = text.indexOf('"mean":');
  return at + text.slice(at).search(/[1-8]/);
}

const corruptions: Record<string, { damage: (f: string) => void; problem: RegExp }> = {
  payload_flip: {
    damage: (f) => {
      const b = readFileSync(f);
      b[b.length - 100] ^= 0x01;
      writeFileSync(f, b);
    },
    problem: /\(checksum mismatch\)/,
  },
  header_digit: {
    damage: (f) => {
      const b = readFileSync(f);
      b[meanDigit(b)] += 1; // one digit of the stored statistics
      writeFileSync(f, b);
    },
    problem: /\(checksum mismatch\)/,
  },
  checksum_flip: {
    damage: (f) => {
      const b = readFileSync(f);
      b[b.length - 1] ^= 0x80;
      writeFileSync(f, b);
    },
    problem: /\(checksum mismatch\)/,
  },
  truncated: {
    damage: (f) => truncateSync(f, Math.floor(readFileSync(f).length / 2)),
    problem: /\(truncated file/,
  },
  truncated_header: { damage: (f) => truncateSync(f, 30), problem: /\(truncated file: the header/ },
  bad_magic: {
    damage: (f) => {
      const b = readFileSync(f);
      b.write('XLMODEL', 0, 'latin1');
      writeFileSync(f, b);
    },
    problem: /\(not an Anomaly Lens model file: bad magic\)/,
  },
  empty: { damage: (f) => writeFileSync(f, ''), problem: /\(empty file\)/ },
};

describe('model file integrity (black box)', () => {
  let dataDir: string;
  let svc: RunningService;
  const before: Record<string, unknown> = {};

  beforeAll(async () => {
    dataDir = newDataDir();
    const first = await startService({ dataDir });
    for (const name of [...Object.keys(corruptions), 'legacy_ok', 'legacy_half_sidecar', 'legacy_delete']) {
      expect(
        (await first.post('/v1/anomaly/fit', { model: name, data: objects(train), schema })).status,
      ).toBe(200);
      before[name] = (await first.post('/v1/anomaly/score', { model: name, data: objects(probe) })).body;
    }
    expect(await first.stop()).toBe(0);
    for (const [name, { damage }] of Object.entries(corruptions)) damage(file(dataDir, name));
    for (const name of ['legacy_ok', 'legacy_half_sidecar', 'legacy_delete']) {
      const legacy = toLegacyModelFile(readFileSync(file(dataDir, name)));
      writeFileSync(file(dataDir, name), legacy.file);
      const sidecar = path.join(modelsDir(dataDir), `${name}_isolation_forest_encoder.json`);
      writeFileSync(sidecar, name === 'legacy_half_sidecar' ? legacy.sidecar!.slice(0, 40) : legacy.sidecar!);
    }
    svc = await startService({ dataDir });
  }, 60_000);
  afterAll(async () => {
    await svc.stop();
  });

  it.each(Object.entries(corruptions))(
    '%s: score, detect and load answer 409 naming the file and the problem',
    async (name, { problem }) => {
      const filename = `${name}_isolation_forest.alm`;
      for (const route of ['score', 'detect']) {
        const res = await svc.post(`/v1/anomaly/${route}`, { model: name, data: objects(probe) });
        expect(res.status).toBe(409);
        expect(res.body.detail).toMatch(new RegExp(`^model file '${filename}' failed its integrity check `));
        expect(res.body.detail).toMatch(problem);
        expect(res.body.detail).toMatch(/refit or restore it$/);
      }
      const load = await svc.post('/v1/anomaly/load', { model: name });
      expect(load.status).toBe(409);
      expect(load.body.detail).toMatch(problem);
    },
  );

  it('a legacy (format 1) file with its sidecar still scores exactly as before', async () => {
    const res = await svc.post('/v1/anomaly/score', { model: 'legacy_ok', data: objects(probe) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(before.legacy_ok);
  });

  it('a legacy file whose sidecar is half-written answers 409 naming the sidecar', async () => {
    const res = await svc.post('/v1/anomaly/score', { model: 'legacy_half_sidecar', data: objects(probe) });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe(
      "model file 'legacy_half_sidecar_isolation_forest.alm' failed its integrity check (its encoder sidecar 'legacy_half_sidecar_isolation_forest_encoder.json' does not parse); refit or restore it",
    );
  });

  it('GET models lists damaged files with an error field instead of failing', async () => {
    const list = await svc.get('/v1/anomaly/models');
    expect(list.status).toBe(200);
    const damaged = list.body.data.filter((m: { error?: string }) => m.error !== undefined);
    expect(damaged.map((m: { filename: string }) => m.filename).sort()).toEqual(
      [...Object.keys(corruptions), 'legacy_half_sidecar'].map((n) => `${n}_isolation_forest.alm`).sort(),
    );
    for (const d of damaged) expect(d.error).toMatch(/failed its integrity check/);
    const readable = list.body.data.filter((m: { error?: string }) => m.error === undefined);
    expect(readable.map((m: { name: string }) => m.name).sort()).toEqual(['legacy_delete', 'legacy_ok']);
    expect(list.body.total).toBe(list.body.data.length);
  });

  it('refitting a damaged model replaces it', async () => {
    expect(
      (await svc.post('/v1/anomaly/fit', { model: 'payload_flip', data: objects(train), schema })).status,
    ).toBe(200);
    const res = await svc.post('/v1/anomaly/score', { model: 'payload_flip', data: objects(probe) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(before.payload_flip);
  });

  it('DELETE accepts model files only; a legacy sidecar goes with its model', async () => {
    const sidecar = 'legacy_delete_isolation_forest_encoder.json';
    const refused = await svc.del(`/v1/anomaly/models/${sidecar}`);
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/only model files \(\.alm\) can be deleted/);
    expect(existsSync(path.join(modelsDir(dataDir), sidecar))).toBe(true);
    expect(
      (await svc.post('/v1/anomaly/score', { model: 'legacy_delete', data: objects(probe) })).status,
    ).toBe(200);
    expect((await svc.del('/v1/anomaly/models/nothing_here.alm')).status).toBe(404);
    expect((await svc.del('/v1/anomaly/models/legacy_delete_isolation_forest.alm')).status).toBe(200);
    expect(readdirSync(modelsDir(dataDir)).filter((f) => f.startsWith('legacy_delete'))).toEqual([]);
    // A damaged file can be deleted too (that is the remedy the listing points to).
    expect((await svc.del('/v1/anomaly/models/empty_isolation_forest.alm')).status).toBe(200);
  });
});

describe('responses carry no absolute paths', () => {
  it('fit, save, list and async jobs give paths relative to the data directory', async () => {
    const svc = await startService();
    try {
      const fit = await svc.post('/v1/anomaly/fit', { model: 'rel', data: objects(train), schema });
      expect(fit.body.saved_path).toBe('models/anomaly/rel_isolation_forest.alm');
      const save = await svc.post('/v1/anomaly/save', { model: 'rel' });
      expect(save.body).toMatchObject({
        path: 'models/anomaly/rel_isolation_forest.alm',
        encoder_path: 'models/anomaly/rel_isolation_forest.alm', // the encoder is inside the model file
      });
      const plain = await svc.post('/v1/anomaly/fit', { model: 'plain', data: train });
      expect((await svc.post('/v1/anomaly/save', { model: 'plain' })).body.encoder_path).toBeNull();
      expect(plain.body.saved_path).toBe('models/anomaly/plain_isolation_forest.alm');
      const list = await svc.get('/v1/anomaly/models');
      expect(list.body.models_dir).toBe('models/anomaly');
      const job = await svc.post('/v1/anomaly/fit', { model: 'rel_async', data: train, async: true });
      let status = await svc.get(`/v1/anomaly/jobs/${job.body.id}`);
      for (let i = 0; i < 100 && status.body.status !== 'succeeded'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = await svc.get(`/v1/anomaly/jobs/${job.body.id}`);
      }
      expect(status.body.result.saved_path).toBe('models/anomaly/rel_async_isolation_forest.alm');
      for (const body of [fit.body, save.body, list.body, status.body]) {
        expect(JSON.stringify(body)).not.toContain(svc.dataDir);
      }
    } finally {
      await svc.stop();
    }
  });
});
