import { createHash } from 'node:crypto';
import type { Normalization, ScoreStats, Thresholds } from '../core/normalization';
import type { DetectorArray, DetectorState } from '../detectors/detector';
import { detectorFactory } from '../detectors/registry';
import type { FeatureEncoderState } from '../encoding/featureEncoder';
import type { FittedModel, ModelMeta } from './fittedModel';

/**
 * Anomaly Lens model file, format version 2: one file holds everything a model needs to score.
 *   8 bytes  magic "ALMODEL\0"
 *   4 bytes  header length H (uint32 little-endian)
 *   H bytes  header JSON (UTF-8: metadata, encoder, scaler layout, score statistics, thresholds),
 *            padded with spaces to a multiple of 8
 *   P bytes  payload: typed arrays, each at an 8-byte-aligned offset listed in the header, little-endian
 *   32 bytes SHA-256 of every byte before it (magic, header and payload)
 * A file that fails the checksum is refused, never half-used.
 *
 * Version 1 (read, never written): no trailing checksum; `payload_sha256` in the header covered the
 * payload only; the encoder lived in a `{stem}_encoder.json` sidecar.
 */
export const MODEL_FILE_EXTENSION = '.alm';
export const FORMAT_VERSION = 2;
const MAGIC = Buffer.from('ALMODEL\0', 'latin1');
const PREFIX = MAGIC.length + 4;
const CHECKSUM_BYTES = 32;

const DTYPES = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  uint32: Uint32Array,
  uint8: Uint8Array,
} as const;
type DType = keyof typeof DTYPES;

interface ArrayEntry {
  name: string;
  dtype: DType;
  offset: number;
  length: number;
}

export interface ModelHeader {
  format: 'anomaly-lens-model';
  format_version: number;
  meta: ModelMeta;
  stats: ScoreStats;
  thresholds: Thresholds;
  detector_params: Record<string, unknown>;
  /** The range guard's floor (its ranges are the `guard.*` arrays); absent in files saved before it. */
  range_guard?: { floor: number } | null;
  arrays: ArrayEntry[];
  /** Version 2: the fitted encoder for rows given as objects; null when fitted on numeric rows. */
  encoder?: FeatureEncoderState | null;
  /** Version 2: the payload's length in bytes (the checksum follows it). */
  payload_bytes?: number;
  /** Version 1 only: SHA-256 of the payload (the header was not covered). */
  payload_sha256?: string;
}

/** A file that is not a usable model file; `problem` says why in a few words. */
export class ModelFileError extends Error {
  constructor(readonly problem: string) {
    super(problem);
  }
}

function dtypeOf(array: DetectorArray): DType {
  for (const [name, ctor] of Object.entries(DTYPES)) if (array instanceof ctor) return name as DType;
  throw new ModelFileError('unsupported array type');
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;
const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

export function encodeModelFile(model: FittedModel): Buffer {
  const state = model.detector.state();
  const arrays: Record<string, DetectorArray> = {
    'scaler.center': model.scaler.center,
    'scaler.scale': model.scaler.scale,
  };
  for (const [name, array] of Object.entries(state.arrays)) arrays[`detector.${name}`] = array;
  if (model.rangeGuard) {
    arrays['guard.lo'] = model.rangeGuard.lo;
    arrays['guard.hi'] = model.rangeGuard.hi;
  }

  const entries: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(arrays)) {
    entries.push({ name, dtype: dtypeOf(array), offset, length: array.length });
    offset = align8(offset + array.byteLength);
  }
  const payload = Buffer.alloc(offset);
  entries.forEach((e) => {
    const a = arrays[e.name];
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(payload, e.offset);
  });

  const header: ModelHeader = {
    format: 'anomaly-lens-model',
    format_version: FORMAT_VERSION,
    meta: model.meta,
    stats: model.stats,
    thresholds: model.thresholds,
    detector_params: state.params,
    range_guard: model.rangeGuard ? { floor: model.rangeGuard.floor } : null,
    arrays: entries,
    encoder: model.encoder,
    payload_bytes: payload.length,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerBytes = Buffer.alloc(align8(PREFIX + json.length) - PREFIX, ' ');
  json.copy(headerBytes);
  const prefix = Buffer.alloc(PREFIX);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  const body = Buffer.concat([prefix, headerBytes, payload]);
  return Buffer.concat([body, sha256(body)]);
}

/**
 * Checks a whole file (magic, lengths, checksum) and returns its header and payload. Every way a
 * file can be damaged is a ModelFileError naming the problem.
 */
export function inspectModelFile(bytes: Buffer): { header: ModelHeader; payload: Buffer } {
  if (bytes.length === 0) throw new ModelFileError('empty file');
  if (bytes.length < PREFIX || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ModelFileError('not an Anomaly Lens model file: bad magic');
  }
  const length = bytes.readUInt32LE(MAGIC.length);
  const payloadStart = PREFIX + length;
  if (bytes.length < payloadStart) throw new ModelFileError('truncated file: the header is incomplete');
  let header: ModelHeader;
  try {
    header = JSON.parse(bytes.subarray(PREFIX, payloadStart).toString('utf8')) as ModelHeader;
  } catch {
    throw new ModelFileError('unreadable header');
  }
  if (header === null || typeof header !== 'object' || header.format !== 'anomaly-lens-model') {
    throw new ModelFileError('not an Anomaly Lens model file: unknown header');
  }
  const version = header.format_version;
  if (typeof version !== 'number' || version > FORMAT_VERSION) {
    throw new ModelFileError(
      `written in model format version ${String(version)}, newer than this build reads (${FORMAT_VERSION})`,
    );
  }
  if (version === 1) {
    const payload = bytes.subarray(payloadStart);
    if (sha256(payload).toString('hex') !== header.payload_sha256)
      throw new ModelFileError('checksum mismatch');
    return { header, payload };
  }
  const payloadBytes = Number(header.payload_bytes);
  const expected = payloadStart + payloadBytes + CHECKSUM_BYTES;
  if (!Number.isInteger(payloadBytes) || bytes.length > expected)
    throw new ModelFileError('checksum mismatch');
  if (bytes.length < expected) {
    throw new ModelFileError(`truncated file: ${bytes.length} of ${expected} bytes`);
  }
  const body = bytes.subarray(0, expected - CHECKSUM_BYTES);
  if (!sha256(body).equals(bytes.subarray(expected - CHECKSUM_BYTES))) {
    throw new ModelFileError('checksum mismatch');
  }
  return { header, payload: bytes.subarray(payloadStart, payloadStart + payloadBytes) };
}

/** Whether a model in this header keeps its encoder in a sidecar (format version 1). */
export const usesEncoderSidecar = (header: ModelHeader): boolean => header.format_version < 2;

/**
 * The fitted model in a file. `legacyEncoder` is the sidecar's encoder, used only for version 1
 * files; version 2 files carry their own.
 */
export function decodeModelFile(
  bytes: Buffer,
  legacyEncoder: FeatureEncoderState | null = null,
): FittedModel {
  return decodeInspected(inspectModelFile(bytes), legacyEncoder);
}

/** decodeModelFile for a file already checked by inspectModelFile. */
export function decodeInspected(
  { header, payload }: { header: ModelHeader; payload: Buffer },
  legacyEncoder: FeatureEncoderState | null,
): FittedModel {
  const scaler: Record<string, Float64Array> = {};
  const guard: Record<string, Float64Array> = {};
  const detectorArrays: Record<string, DetectorArray> = {};
  for (const e of header.arrays) {
    const ctor = DTYPES[e.dtype];
    if (!ctor) throw new ModelFileError(`unknown array type ${e.dtype}`);
    const byteLength = e.length * ctor.BYTES_PER_ELEMENT;
    if (e.offset + byteLength > payload.length) throw new ModelFileError('truncated payload');
    // Copy into a fresh aligned buffer: Buffer slices need not be aligned for the typed-array view.
    const copy = new Uint8Array(byteLength);
    copy.set(payload.subarray(e.offset, e.offset + byteLength));
    const array = new ctor(copy.buffer);
    if (e.name.startsWith('scaler.')) scaler[e.name.slice(7)] = array as Float64Array;
    else if (e.name.startsWith('guard.')) guard[e.name.slice(6)] = array as Float64Array;
    else detectorArrays[e.name.slice(9)] = array;
  }
  const factory = detectorFactory(header.meta.backend);
  if (!factory)
    throw new ModelFileError(`model needs backend '${header.meta.backend}', which this build lacks`);
  const state: DetectorState = { params: header.detector_params, arrays: detectorArrays };
  let detector: FittedModel['detector'];
  try {
    detector = factory.restore(state);
  } catch (error) {
    throw new ModelFileError(`inconsistent detector state (${(error as Error).message})`);
  }
  return {
    meta: { ...header.meta, normalization: header.meta.normalization as Normalization },
    encoder: usesEncoderSidecar(header) ? legacyEncoder : (header.encoder ?? null),
    scaler: { center: scaler.center, scale: scaler.scale },
    detector,
    stats: header.stats,
    thresholds: header.thresholds,
    // files saved before the range guard score as the plain detector did
    rangeGuard:
      header.range_guard && guard.lo && guard.hi
        ? { lo: guard.lo, hi: guard.hi, floor: header.range_guard.floor }
        : null,
  };
}
