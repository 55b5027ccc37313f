import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { decodeModelFile, encodeModelFile } from '../models/modelFile';
import { writeAtomic } from '../models/atomicFile';
import type { StoredPoint } from './pointWindow';
import type { StreamConfig } from './schemas';
import { emptyCounters, type StreamCounters, type StreamDetector } from './streamDetector';
import { TabularModel } from './tabularModel';

/** A stream's state on disk: `{key}.json`, plus `{key}.v{version}.alm` for a tabular model. */
interface StateFile {
  readonly format: 1;
  readonly model_id: string;
  readonly config: StreamConfig;
  readonly columns: string[] | null;
  readonly counters: StreamCounters;
  readonly window: { first_seq: number; timestamps: number[]; values: string };
  readonly model_file: string | null;
}

/** File names never derive from the client's id text (any characters, any length): a hash does. */
export const streamKey = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 32);

export const stateFileName = (id: string): string => `${streamKey(id)}.json`;

const modelFileName = (id: string, version: number): string => `${streamKey(id)}.v${version}.alm`;

/**
 * Writes the detector's state atomically (temp file, fsync, rename): the model file of a new version
 * first, then the state that names it, then older model files go. A crash leaves the old state or the new.
 */
export async function saveState(dir: string, detector: StreamDetector): Promise<void> {
  const version = detector.counters.modelVersion;
  let modelFile: string | null = null;
  if (detector.model instanceof TabularModel) {
    modelFile = modelFileName(detector.id, version);
    const target = path.join(dir, modelFile);
    if (!(await exists(target))) await writeAtomic(target, encodeTabular(detector, detector.model));
  }
  const { firstSeq, points } = detector.window.snapshot();
  const state: StateFile = {
    format: 1,
    model_id: detector.id,
    config: detector.config,
    columns: detector.columns ? [...detector.columns] : null,
    counters: detector.counters,
    window: {
      first_seq: firstSeq,
      timestamps: points.map((p) => p.timestampMs),
      values: packValues(points),
    },
    model_file: modelFile,
  };
  await writeAtomic(path.join(dir, stateFileName(detector.id)), JSON.stringify(state));
  await removeModelFiles(dir, detector.id, modelFile);
}

/** Removes a stream's files (all of them, or all but `keep`). */
export async function removeModelFiles(dir: string, id: string, keep: string | null = null): Promise<void> {
  const prefix = `${streamKey(id)}.v`;
  for (const name of await fs.readdir(dir))
    if (name.startsWith(prefix) && name !== keep) await fs.rm(path.join(dir, name), { force: true });
}

export async function removeState(dir: string, id: string): Promise<void> {
  await fs.rm(path.join(dir, stateFileName(id)), { force: true });
  await removeModelFiles(dir, id);
}

/** Rebuilds a detector from its files: the window, counters, and the model (loaded or replayed). */
export async function loadState(
  dir: string,
  file: string,
  create: (id: string, config: StreamConfig) => StreamDetector,
): Promise<StreamDetector> {
  const state = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')) as StateFile;
  if (state.format !== 1) throw new Error(`unknown stream state format ${String(state.format)}`);
  const detector = create(state.model_id, state.config);
  detector.columns = state.columns;
  detector.counters = { ...emptyCounters(), ...state.counters };
  const width = state.columns?.length ?? 0;
  detector.window.restore({
    firstSeq: state.window.first_seq,
    points: unpackValues(state.window.values, state.window.timestamps, width),
  });
  if (state.model_file) {
    const fitted = decodeModelFile(await fs.readFile(path.join(dir, state.model_file)));
    detector.model = new TabularModel(fitted.meta.backend, { ...fitted, fitInfo: fitted.meta.fitInfo });
  } else if (state.counters.modelVersion > 0) {
    const model = detector.newCausal();
    for (const p of detector.window.from(state.counters.modelFromSeq)) model.update(p);
    detector.model = model;
  }
  return detector;
}

function encodeTabular(detector: StreamDetector, model: TabularModel): Buffer {
  const features = detector.features ?? [];
  return encodeModelFile({
    meta: {
      name: detector.id,
      baseName: detector.id,
      isVersioned: false,
      description: 'streaming detector model',
      backend: model.backend,
      contamination: detector.config.contamination,
      inputDim: features.length,
      normalization: 'standardization',
      samplesFitted: detector.window.size,
      createdAt: detector.counters.trainedAt ?? new Date().toISOString(),
      fitInfo: model.trained.fitInfo,
    },
    encoder: null,
    ...model.trained,
  });
}

/** Row-major float64 values, base64: exact, and a third the size of decimal text. */
function packValues(points: readonly StoredPoint[]): string {
  const width = points[0]?.values.length ?? 0;
  const all = new Float64Array(points.length * width);
  points.forEach((p, i) => all.set(p.values, i * width));
  return Buffer.from(all.buffer).toString('base64');
}

function unpackValues(base64: string, timestamps: readonly number[], width: number): StoredPoint[] {
  const bytes = Buffer.from(base64, 'base64');
  const all = new Float64Array(new Uint8Array(bytes).buffer);
  if (all.length !== timestamps.length * width) throw new Error('stream state window is inconsistent');
  return timestamps.map((timestampMs, i) => ({
    values: all.slice(i * width, (i + 1) * width),
    timestampMs,
  }));
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
