import { promises as fs } from 'node:fs';
import path from 'node:path';
import { IntegrityError } from '../core/errors';
import type { FeatureEncoderState } from '../encoding/featureEncoder';
import { sweepTempFiles, syncDirectory, writeAtomic } from './atomicFile';
import type { FittedModel } from './fittedModel';
import {
  decodeInspected,
  encodeModelFile,
  inspectModelFile,
  MODEL_FILE_EXTENSION,
  ModelFileError,
  usesEncoderSidecar,
  type ModelHeader,
} from './modelFile';
import {
  findForeignFile,
  foreignFilePresent,
  listForeignFiles,
  type ForeignModelFile,
} from './foreignModelFiles';
import { fileStem } from './naming';

/** A readable model file. `path` is relative to the data directory (responses never leak absolute paths). */
export interface StoredModel {
  readonly filename: string;
  readonly path: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
  readonly header: ModelHeader;
}

/** A model file that failed its integrity check; `error` names the file and the problem. */
export interface DamagedModel {
  readonly filename: string;
  readonly path: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
  readonly error: string;
}

export class NameCollisionError extends Error {}

const LEGACY_ENCODER_SUFFIX = '_encoder.json';

const integrityError = (filename: string, problem: string): IntegrityError =>
  new IntegrityError(`model file '${filename}' failed its integrity check (${problem}); refit or restore it`);

const missing = (error: unknown): boolean =>
  ['ENOENT', 'ENAMETOOLONG', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/** Removes a file that may not exist (a legacy sidecar's name may even be too long to exist). */
async function removeIfPresent(file: string): Promise<void> {
  try {
    await fs.rm(file);
  } catch (error) {
    if (!missing(error)) throw error;
  }
}

type Checked = { key: string; header: ModelHeader } | { key: string; error: string };

/**
 * Model files under `{dataDir}/models/anomaly/`. A model is one file (format version 2: encoder,
 * scaler, detector and statistics together), replaced by one atomic rename, so a crash leaves the
 * old model or the new one. Version 1 files and their `{stem}_encoder.json` sidecars are still read.
 */
export class ModelStore {
  readonly dir: string;
  private readonly checked = new Map<string, Checked>();

  constructor(private readonly dataDir: string) {
    this.dir = path.join(dataDir, 'models', 'anomaly');
  }

  async init(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await sweepTempFiles(this.dir); // temp files left by a crash mid-write are never valid models
  }

  /** A path inside the data directory as clients see it: relative, with `/` separators. */
  relative(file: string): string {
    return path.relative(this.dataDir, file).split(path.sep).join('/');
  }

  get relativeDir(): string {
    return this.relative(this.dir);
  }

  modelFilename(model: string, backend: string): string {
    return fileStem(model, backend) + MODEL_FILE_EXTENSION;
  }

  private legacyEncoderPath(filename: string): string {
    return path.join(this.dir, `${filename.slice(0, -MODEL_FILE_EXTENSION.length)}${LEGACY_ENCODER_SUFFIX}`);
  }

  /** Saves atomically; refuses to replace a file that belongs to a different name that sanitizes alike. */
  async save(model: FittedModel): Promise<{ filename: string; path: string; sizeBytes: number }> {
    const filename = this.modelFilename(model.meta.name, model.meta.backend);
    const file = path.join(this.dir, filename);
    const existing = await this.header(filename).catch(() => null);
    if (existing && existing.meta.name !== model.meta.name) {
      throw new NameCollisionError(
        `model name '${model.meta.name}' is stored as '${filename}', which already holds model '${existing.meta.name}'; choose a name that differs in letters, digits, '_' or '-'`,
      );
    }
    const bytes = encodeModelFile(model);
    await writeAtomic(file, bytes);
    // A version-1 sidecar is obsolete once the new file (which carries its own encoder) is in place.
    await removeIfPresent(this.legacyEncoderPath(filename));
    const stat = await fs.stat(file);
    this.checked.set(filename, { key: statKey(stat), header: inspectModelFile(bytes).header });
    return { filename, path: this.relative(file), sizeBytes: bytes.length };
  }

  /** Identifies the file's current version (size, mtime, inode), or null when there is none. */
  async fileKey(model: string, backend: string): Promise<string | null> {
    try {
      return statKey(await fs.stat(path.join(this.dir, this.modelFilename(model, backend))));
    } catch {
      return null;
    }
  }

  /** The model saved for (name, backend) and its file size, or null when there is none. */
  async read(model: string, backend: string): Promise<{ model: FittedModel; sizeBytes: number } | null> {
    const filename = this.modelFilename(model, backend);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(path.join(this.dir, filename));
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
    try {
      const inspected = inspectModelFile(bytes);
      const encoder = usesEncoderSidecar(inspected.header) ? await this.legacyEncoder(filename) : null;
      const fitted = decodeInspected(inspected, encoder);
      return fitted.meta.name === model ? { model: fitted, sizeBytes: bytes.length } : null;
    } catch (error) {
      if (error instanceof ModelFileError) throw integrityError(filename, error.problem);
      throw error;
    }
  }

  async load(model: string, backend: string): Promise<FittedModel | null> {
    return (await this.read(model, backend))?.model ?? null;
  }

  /** A version-1 model's sidecar encoder: null when there is none, a ModelFileError when it does not parse. */
  private async legacyEncoder(filename: string): Promise<FeatureEncoderState | null> {
    const sidecar = this.legacyEncoderPath(filename);
    let text: string;
    try {
      text = await fs.readFile(sidecar, 'utf8');
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as FeatureEncoderState;
      if (parsed === null || typeof parsed !== 'object' || !Array.isArray(parsed.feature_order))
        throw new Error();
      return parsed;
    } catch {
      throw new ModelFileError(`its encoder sidecar '${path.basename(sidecar)}' does not parse`);
    }
  }

  /** The header of one verified model file (whole-file checksum), cached by size and modification time. */
  async header(filename: string): Promise<ModelHeader> {
    const checked = await this.check(filename);
    if ('error' in checked) throw new IntegrityError(checked.error);
    return checked.header;
  }

  private async check(filename: string): Promise<Checked> {
    const file = path.join(this.dir, filename);
    const key = statKey(await fs.stat(file));
    const cached = this.checked.get(filename);
    if (cached?.key === key) return cached;
    let checked: Checked;
    try {
      const { header } = inspectModelFile(await fs.readFile(file));
      if (usesEncoderSidecar(header)) await this.legacyEncoder(filename);
      checked = { key, header };
    } catch (error) {
      if (!(error instanceof ModelFileError)) throw error;
      checked = { key, error: integrityError(filename, error.problem).detail };
    }
    this.checked.set(filename, checked);
    return checked;
  }

  /** Every model file, newest first: the readable ones, and the damaged ones with what is wrong. */
  async scan(): Promise<{ models: StoredModel[]; damaged: DamagedModel[] }> {
    const names = (await fs.readdir(this.dir)).filter((n) => n.endsWith(MODEL_FILE_EXTENSION));
    const models: StoredModel[] = [];
    const damaged: DamagedModel[] = [];
    await Promise.all(
      names.map(async (filename) => {
        const file = path.join(this.dir, filename);
        try {
          const stat = await fs.stat(file);
          const checked = await this.check(filename);
          const common = {
            filename,
            path: this.relative(file),
            sizeBytes: stat.size,
            modifiedMs: stat.mtimeMs,
          };
          if ('error' in checked) damaged.push({ ...common, error: checked.error });
          else models.push({ ...common, header: checked.header });
        } catch {
          // deleted while listing
        }
      }),
    );
    const newestFirst = (a: { modifiedMs: number; filename: string }, b: typeof a): number =>
      b.modifiedMs - a.modifiedMs || (a.filename < b.filename ? -1 : 1);
    return { models: models.sort(newestFirst), damaged: damaged.sort(newestFirst) };
  }

  /** Every readable model file, newest first. */
  async list(): Promise<StoredModel[]> {
    return (await this.scan()).models;
  }

  /**
   * Deletes a model file (`.alm` only) and its legacy sidecar. Returns whether the file existed,
   * and its header if readable.
   */
  async delete(filename: string): Promise<{ existed: boolean; header: ModelHeader | null }> {
    const file = path.join(this.dir, filename);
    if (
      !filename.endsWith(MODEL_FILE_EXTENSION) ||
      path.dirname(path.resolve(file)) !== path.resolve(this.dir)
    )
      return { existed: false, header: null };
    const header = await this.header(filename).catch(() => null);
    try {
      await fs.rm(file);
    } catch {
      return { existed: false, header: null };
    }
    this.checked.delete(filename);
    await removeIfPresent(this.legacyEncoderPath(filename));
    await syncDirectory(this.dir);
    return { existed: true, header };
  }

  async exists(model: string, backend: string): Promise<boolean> {
    return fs
      .access(path.join(this.dir, this.modelFilename(model, backend)))
      .then(() => true)
      .catch(() => false);
  }

  /** LlamaFarm model files left in the models folder (listed so clients learn they cannot be used). */
  foreignFiles(): Promise<ForeignModelFile[]> {
    return listForeignFiles(this.dir);
  }

  /** The LlamaFarm file saved under this model's name and backend, if one is in the models folder. */
  foreignFile(model: string, backend: string): Promise<string | null> {
    return findForeignFile(this.dir, fileStem(model, backend));
  }

  /** Whether a LlamaFarm model file of this name is in the models folder. */
  hasForeignFile(filename: string): Promise<boolean> {
    return foreignFilePresent(this.dir, filename);
  }

  async count(): Promise<number> {
    return (await fs.readdir(this.dir)).filter((n) => n.endsWith(MODEL_FILE_EXTENSION)).length;
  }
}

const statKey = (stat: { size: number; mtimeMs: number; ino: number }): string =>
  `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
