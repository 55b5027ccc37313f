import { MODEL_FILE_EXTENSION } from './modelFile';

/** Names on disk: `{sanitized model}_{backend}`; sanitizing keeps [A-Za-z0-9_-]. */
export function sanitizeModelName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function fileStem(model: string, backend: string): string {
  return `${sanitizeModelName(model)}_${backend}`;
}

/** The longest file name common file systems (ext4, APFS, NTFS) accept, in bytes. */
export const MAX_FILENAME_BYTES = 255;
/** The longest suffix the versioning layer appends to a name: `_YYYYMMDD_HHMMSS` and a `_999` counter. */
const MAX_VERSION_SUFFIX = '_YYYYMMDD_HHMMSS_999';

/**
 * The longest model name, in UTF-8 bytes of its sanitized form, whose file
 * `{name}[_{version}]_{backend}.alm` still fits in MAX_FILENAME_BYTES.
 */
export function maxModelNameBytes(backend: string, versioned: boolean): number {
  const fixed = `_${backend}${MODEL_FILE_EXTENSION}`;
  return MAX_FILENAME_BYTES - Buffer.byteLength(fixed) - (versioned ? MAX_VERSION_SUFFIX.length : 0);
}

/** The length that counts against maxModelNameBytes. */
export const modelNameBytes = (name: string): number => Buffer.byteLength(sanitizeModelName(name), 'utf8');

/** `YYYYMMDD_HHMMSS` in UTC, the versioning layer's suffix. */
export function versionStamp(date: Date): string {
  const iso = date.toISOString(); // 2026-11-22T17:46:05.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

export const LATEST_SUFFIX = '-latest';

export function latestBase(model: string): string | null {
  return model.endsWith(LATEST_SUFFIX) ? model.slice(0, -LATEST_SUFFIX.length) : null;
}
