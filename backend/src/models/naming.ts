/** Names on disk: `{sanitized model}_{backend}`; sanitizing keeps [A-Za-z0-9_-]. */
export function sanitizeModelName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function fileStem(model: string, backend: string): string {
  return `${sanitizeModelName(model)}_${backend}`;
}

/** `YYYYMMDD_HHMMSS` in UTC, the versioning layer's suffix. */
export function versionStamp(date: Date): string {
  const iso = date.toISOString(); // 2026-11-22T17:46:05.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

export const LATEST_SUFFIX = '-latest';

export function latestBase(model: string): string | null {
  return model.endsWith(LATEST_SUFFIX) ? model.slice(0, -LATEST_SUFFIX.length) : null;
}
