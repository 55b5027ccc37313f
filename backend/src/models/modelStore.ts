import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FeatureEncoderState } from '../encoding/featureEncoder';
import type { FittedModel } from './fittedModel';
import {
  decodeHeader,
  decodeModelFile,
  encodeModelFile,
  HEADER_PREFIX_BYTES,
  headerSpan,
  MODEL_FILE_EXTENSION,
  type ModelHeader,
} from './modelFile';
import { fileStem } from './naming';

export interface StoredModel {
  readonly filename: string;
  readonly path: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
  readonly header: ModelHeader;
}

export class NameCollisionError extends Error {}

/** Writes to a temp file in the same folder, fsyncs, then renames: readers never see half a file. */
async function writeAtomic(target: string, bytes: Buffer | string): Promise<void> {
  const temp = `${target}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

async function readHeader(file: string): Promise<ModelHeader> {
  const handle = await fs.open(file, 'r');
  try {
    const prefix = Buffer.alloc(HEADER_PREFIX_BYTES);
    await handle.read(prefix, 0, prefix.length, 0);
    const span = headerSpan(prefix);
    const bytes = Buffer.alloc(span);
    await handle.read(bytes, 0, span, 0);
    return decodeHeader(bytes).header;
  } finally {
    await handle.close();
  }
}

/** Model files and their encoder sidecars under `{dataDir}/models/anomaly/`. */
export class ModelStore {
  readonly dir: string;
  private readonly headers = new Map<string, { key: string; header: ModelHeader }>();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'models', 'anomaly');
  }

  async init(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    // Temp files left by a crash mid-write are never valid models.
    for (const name of await fs.readdir(this.dir)) {
      if (name.endsWith('.tmp')) await fs.rm(path.join(this.dir, name), { force: true });
    }
  }

  modelFilename(model: string, backend: string): string {
    return fileStem(model, backend) + MODEL_FILE_EXTENSION;
  }

  private encoderPath(filename: string): string {
    return path.join(this.dir, `${filename.slice(0, -MODEL_FILE_EXTENSION.length)}_encoder.json`);
  }

  /** Saves atomically; refuses to replace a file that belongs to a different name that sanitizes alike. */
  async save(model: FittedModel): Promise<{ filename: string; path: string; encoderPath: string | null }> {
    const filename = this.modelFilename(model.meta.name, model.meta.backend);
    const file = path.join(this.dir, filename);
    const existing = await this.header(filename).catch(() => null);
    if (existing && existing.meta.name !== model.meta.name) {
      throw new NameCollisionError(
        `model name '${model.meta.name}' is stored as '${filename}', which already holds model '${existing.meta.name}'; choose a name that differs in letters, digits, '_' or '-'`,
      );
    }
    const encoderFile = this.encoderPath(filename);
    if (model.encoder) await writeAtomic(encoderFile, JSON.stringify(model.encoder, null, 2));
    await writeAtomic(file, encodeModelFile(model));
    if (!model.encoder) await fs.rm(encoderFile, { force: true });
    return { filename, path: file, encoderPath: model.encoder ? encoderFile : null };
  }

  /** The model saved for (name, backend), or null when there is none. */
  async load(model: string, backend: string): Promise<FittedModel | null> {
    const filename = this.modelFilename(model, backend);
    const file = path.join(this.dir, filename);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch {
      return null;
    }
    const encoderText = await fs.readFile(this.encoderPath(filename), 'utf8').catch(() => null);
    const encoder = encoderText === null ? null : (JSON.parse(encoderText) as FeatureEncoderState);
    const fitted = decodeModelFile(bytes, encoder);
    return fitted.meta.name === model ? fitted : null;
  }

  /** The header of one model file, cached by size and modification time. */
  async header(filename: string): Promise<ModelHeader> {
    const file = path.join(this.dir, filename);
    const stat = await fs.stat(file);
    const key = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.headers.get(filename);
    if (cached?.key === key) return cached.header;
    const header = await readHeader(file);
    this.headers.set(filename, { key, header });
    return header;
  }

  /** Every readable model file, newest first. Unreadable files are skipped, not fatal. */
  async list(): Promise<StoredModel[]> {
    const names = (await fs.readdir(this.dir)).filter((n) => n.endsWith(MODEL_FILE_EXTENSION));
    const models = await Promise.all(
      names.map(async (filename): Promise<StoredModel | null> => {
        try {
          const file = path.join(this.dir, filename);
          const stat = await fs.stat(file);
          const header = await this.header(filename);
          return { filename, path: file, sizeBytes: stat.size, modifiedMs: stat.mtimeMs, header };
        } catch {
          return null;
        }
      }),
    );
    return models
      .filter((m): m is StoredModel => m !== null)
      .sort((a, b) => b.modifiedMs - a.modifiedMs || (a.filename < b.filename ? -1 : 1));
  }

  /** Deletes a model file and its sidecar. Returns whether the file existed, and its header if readable. */
  async delete(filename: string): Promise<{ existed: boolean; header: ModelHeader | null }> {
    const file = path.join(this.dir, filename);
    if (path.dirname(path.resolve(file)) !== path.resolve(this.dir)) return { existed: false, header: null };
    const header = await this.header(filename).catch(() => null);
    try {
      await fs.rm(file);
    } catch {
      return { existed: false, header: null };
    }
    this.headers.delete(filename);
    if (filename.endsWith(MODEL_FILE_EXTENSION)) await fs.rm(this.encoderPath(filename), { force: true });
    return { existed: true, header };
  }

  async exists(model: string, backend: string): Promise<boolean> {
    return fs
      .access(path.join(this.dir, this.modelFilename(model, backend)))
      .then(() => true)
      .catch(() => false);
  }

  async count(): Promise<number> {
    return (await fs.readdir(this.dir)).filter((n) => n.endsWith(MODEL_FILE_EXTENSION)).length;
  }
}
