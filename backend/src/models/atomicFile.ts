import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Temp files end with this; a folder's leftovers from a crash are swept at start-up. */
export const TEMP_SUFFIX = '.tmp';

/** fsync of a directory makes a rename in it durable (a crash after it cannot undo the rename). */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes to a temp file in the same folder, fsyncs it, renames it over the target and fsyncs the
 * folder: readers and a crash at any point see the old file or the new one, never half a file.
 * The temp name is short and independent of the target's, so a long target name never overflows.
 */
export async function writeAtomic(target: string, bytes: Buffer | string): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${randomBytes(8).toString('hex')}${TEMP_SUFFIX}`);
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
  await syncDirectory(dir);
}

/** Removes the temp files a crash left in `dir`. */
export async function sweepTempFiles(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    if (name.endsWith(TEMP_SUFFIX)) await fs.rm(path.join(dir, name), { force: true });
  }
}
