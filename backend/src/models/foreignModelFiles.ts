import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * LlamaFarm's own model files (joblib/pickle for scikit-learn and PyOD detectors, PyTorch state for
 * the autoencoder). They are executable Python pickles, so this service never reads them; it only
 * recognises them, to tell a client migrating from LlamaFarm why its model is not usable here.
 */
export const LLAMAFARM_MODEL_EXTENSIONS = ['.joblib', '.pkl', '.pt'] as const;

export interface ForeignModelFile {
  readonly filename: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
}

/** Whether the name is a LlamaFarm model file's (by its extension). */
export const isForeignModelFile = (filename: string): boolean =>
  LLAMAFARM_MODEL_EXTENSIONS.some((ext) => filename.endsWith(ext));

/** Whether `filename` (a plain name, no path) is a LlamaFarm model file present in `dir`. */
export async function foreignFilePresent(dir: string, filename: string): Promise<boolean> {
  if (!isForeignModelFile(filename)) return false;
  return fs
    .stat(path.join(dir, filename))
    .then((stat) => stat.isFile())
    .catch(() => false);
}

/** What to tell a client about a LlamaFarm model file found where our models live. */
export function foreignFileProblem(filename: string): string {
  return `'${filename}' is a LlamaFarm model file (a Python pickle or PyTorch state), which this service cannot load: it reads only its own .alm files; fit the model again here`;
}

/** The LlamaFarm model files in `dir`. */
export async function listForeignFiles(dir: string): Promise<ForeignModelFile[]> {
  const names = (await fs.readdir(dir)).filter(isForeignModelFile);
  const found = await Promise.all(
    names.map(async (filename) => {
      try {
        const stat = await fs.stat(path.join(dir, filename));
        return stat.isFile() ? { filename, sizeBytes: stat.size, modifiedMs: stat.mtimeMs } : null;
      } catch {
        return null; // deleted while listing
      }
    }),
  );
  return found.filter((f): f is ForeignModelFile => f !== null);
}

/** The LlamaFarm file LlamaFarm would have saved for this model (`{stem}.joblib`, …), if present. */
export async function findForeignFile(dir: string, stem: string): Promise<string | null> {
  for (const ext of LLAMAFARM_MODEL_EXTENSIONS) {
    if (await foreignFilePresent(dir, stem + ext)) return stem + ext;
  }
  return null;
}
