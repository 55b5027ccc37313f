import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { decodeModelFile, encodeModelFile } from '../models/modelFile';
import { writeAtomic } from '../models/atomicFile';
import { readJournal, replayWindow } from './journal';
import { packPoints, unpackPoints } from './packedPoints';
import type { StreamConfig } from './schemas';
import { emptyCounters, type StreamCounters, type StreamDetector } from './streamDetector';
import { TabularModel } from './tabularModel';

/**
 * A stream's snapshot on disk: `{key}.json`, plus `{key}.v{version}.alm` for a tabular model, and
 * `{key}.journal-{n}.log`: what requests changed since the snapshot (see journal.ts).
 */
interface StateFile {
  readonly format: 1;
  readonly model_id: string;
  readonly config: StreamConfig;
  readonly columns: string[] | null;
  readonly counters: StreamCounters;
  readonly window: { first_seq: number; timestamps: number[]; values: string };
  readonly model_file: string | null;
  /** The journal that continues this snapshot (absent in files written before journals: none). */
  readonly journal?: number;
}

/** File names never derive from the client's id text (any characters, any length): a hash does. */
export const streamKey = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 32);

export const stateFileName = (id: string): string => `${streamKey(id)}.json`;

const modelFileName = (id: string, version: number): string => `${streamKey(id)}.v${version}.alm`;

export const journalFile = (dir: string, id: string, journal: number): string =>
  path.join(dir, `${streamKey(id)}.journal-${journal}.log`);

/**
 * Writes the detector's state atomically (temp file, fsync, rename): the model file of a new version
 * first, then the state that names it and its (new, empty) journal, then older model files and
 * journals go. A crash leaves the old state and journal or the new.
 */
export async function saveState(dir: string, detector: StreamDetector, journal: number): Promise<void> {
  // Everything is taken before the first await: a retrain may install a new model meanwhile.
  const model = detector.model;
  const modelFile =
    model instanceof TabularModel ? modelFileName(detector.id, detector.counters.modelVersion) : null;
  const modelPath = modelFile === null ? null : path.join(dir, modelFile);
  // A version's file is written once: later snapshots (window full, journal long) only name it.
  const modelBytes =
    model instanceof TabularModel && modelPath !== null && !existsSync(modelPath)
      ? encodeTabular(detector, model)
      : null;
  const { firstSeq, points } = detector.window.snapshot();
  const state: StateFile = {
    format: 1,
    model_id: detector.id,
    config: detector.config,
    columns: detector.columns ? [...detector.columns] : null,
    counters: { ...detector.counters },
    window: { first_seq: firstSeq, ...packPoints(points) },
    model_file: modelFile,
    journal,
  };
  if (modelPath !== null && modelBytes !== null) await writeAtomic(modelPath, modelBytes);
  await writeAtomic(path.join(dir, stateFileName(detector.id)), JSON.stringify(state));
  await removeFiles(dir, detector.id, [modelFile, path.basename(journalFile(dir, detector.id, journal))]);
}

/** Removes a stream's model files and journals but those named in `keep`. */
async function removeFiles(dir: string, id: string, keep: readonly (string | null)[]): Promise<void> {
  const key = streamKey(id);
  for (const name of await fs.readdir(dir))
    if ((name.startsWith(`${key}.v`) || name.startsWith(`${key}.journal-`)) && !keep.includes(name))
      await fs.rm(path.join(dir, name), { force: true });
}

/** The state file goes first: once it is gone the stream is, whatever a crash leaves behind. */
export async function removeState(dir: string, id: string): Promise<void> {
  await fs.rm(path.join(dir, stateFileName(id)), { force: true });
  await removeFiles(dir, id, []);
}

/** A restored stream, with the journal its snapshot names and whether that journal's tail was torn. */
export interface LoadedState {
  readonly detector: StreamDetector;
  readonly journal: number;
  readonly torn: boolean;
}

/**
 * Rebuilds a detector from its files: the snapshot's window and counters with the journal's records
 * applied, then the model (loaded or replayed).
 */
export async function loadState(
  dir: string,
  file: string,
  create: (id: string, config: StreamConfig) => StreamDetector,
): Promise<LoadedState> {
  const state = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')) as StateFile;
  if (state.format !== 1) throw new Error(`unknown stream state format ${String(state.format)}`);
  const detector = create(state.model_id, state.config);
  const journal = state.journal ?? 0;
  const { records, torn } = await readJournal(journalFile(dir, state.model_id, journal));
  detector.columns = state.columns;
  detector.counters = { ...emptyCounters(), ...(records.at(-1)?.counters ?? state.counters) };
  const width = state.columns?.length ?? 0;
  const snapshot = { firstSeq: state.window.first_seq, points: unpackPoints(state.window, width) };
  detector.window.restore(replayWindow(snapshot, records, width));
  if (state.model_file) {
    const fitted = decodeModelFile(await fs.readFile(path.join(dir, state.model_file)));
    detector.model = new TabularModel(fitted.meta.backend, { ...fitted, fitInfo: fitted.meta.fitInfo });
  } else if (detector.counters.modelVersion > 0) {
    const model = detector.newCausal();
    for (const p of detector.window.from(detector.counters.modelFromSeq)) model.update(p);
    detector.model = model;
  }
  return { detector, journal, torn };
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
