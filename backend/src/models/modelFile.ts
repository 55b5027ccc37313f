import { createHash } from 'node:crypto';
import type { Normalization, ScoreStats, Thresholds } from '../core/normalization';
import type { DetectorArray, DetectorState } from '../detectors/detector';
import { detectorFactory } from '../detectors/registry';
import type { FeatureEncoderState } from '../encoding/featureEncoder';
import type { FittedModel, ModelMeta } from './fittedModel';

/**
 * Anomaly Lens model file, format version 1:
 *   8 bytes  magic "ALMODEL\0"
 *   4 bytes  header length H (uint32 little-endian)
 *   H bytes  header JSON (UTF-8), padded with spaces to a multiple of 8
 *   payload  typed arrays, each at an 8-byte-aligned offset listed in the header, little-endian
 * The header carries a SHA-256 of the payload so a damaged file is refused, never half-used.
 */
export const MODEL_FILE_EXTENSION = '.alm';
export const FORMAT_VERSION = 1;
const MAGIC = Buffer.from('ALMODEL\0', 'latin1');
const PREFIX = MAGIC.length + 4;

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
  payload_sha256: string;
}

export class ModelFileError extends Error {}

function dtypeOf(array: DetectorArray): DType {
  for (const [name, ctor] of Object.entries(DTYPES)) if (array instanceof ctor) return name as DType;
  throw new ModelFileError('unsupported array type');
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

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
    payload_sha256: createHash('sha256').update(payload).digest('hex'),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerBytes = Buffer.alloc(align8(PREFIX + json.length) - PREFIX, ' ');
  json.copy(headerBytes);
  const prefix = Buffer.alloc(PREFIX);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  return Buffer.concat([prefix, headerBytes, payload]);
}

/** Reads just the header; `bytes` may be only the start of the file. Returns the header and payload start. */
export function decodeHeader(bytes: Buffer): { header: ModelHeader; payloadStart: number } {
  if (bytes.length < PREFIX || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ModelFileError('not an Anomaly Lens model file');
  }
  const length = bytes.readUInt32LE(MAGIC.length);
  if (bytes.length < PREFIX + length) throw new ModelFileError('truncated model header');
  let header: ModelHeader;
  try {
    header = JSON.parse(bytes.subarray(PREFIX, PREFIX + length).toString('utf8')) as ModelHeader;
  } catch {
    throw new ModelFileError('unreadable model header');
  }
  if (header.format !== 'anomaly-lens-model' || header.format_version > FORMAT_VERSION) {
    throw new ModelFileError(`unsupported model format version ${String(header.format_version)}`);
  }
  return { header, payloadStart: PREFIX + length };
}

/** The length in bytes a header claims, so a reader can fetch just the header. */
export function headerSpan(prefix: Buffer): number {
  if (prefix.length < PREFIX || !prefix.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ModelFileError('not an Anomaly Lens model file');
  }
  return PREFIX + prefix.readUInt32LE(MAGIC.length);
}
export const HEADER_PREFIX_BYTES = PREFIX;

export function decodeModelFile(bytes: Buffer, encoder: FeatureEncoderState | null): FittedModel {
  const { header, payloadStart } = decodeHeader(bytes);
  const payload = bytes.subarray(payloadStart);
  if (createHash('sha256').update(payload).digest('hex') !== header.payload_sha256) {
    throw new ModelFileError('model payload checksum mismatch (damaged file)');
  }
  const scaler: Record<string, Float64Array> = {};
  const guard: Record<string, Float64Array> = {};
  const detectorArrays: Record<string, DetectorArray> = {};
  for (const e of header.arrays) {
    const ctor = DTYPES[e.dtype];
    if (!ctor) throw new ModelFileError(`unknown array type ${e.dtype}`);
    const byteLength = e.length * ctor.BYTES_PER_ELEMENT;
    if (e.offset + byteLength > payload.length) throw new ModelFileError('truncated model payload');
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
  return {
    meta: { ...header.meta, normalization: header.meta.normalization as Normalization },
    encoder,
    scaler: { center: scaler.center, scale: scaler.scale },
    detector: factory.restore(state),
    stats: header.stats,
    thresholds: header.thresholds,
    // files saved before the range guard score as the plain detector did
    rangeGuard:
      header.range_guard && guard.lo && guard.hi
        ? { lo: guard.lo, hi: guard.hi, floor: header.range_guard.floor }
        : null,
  };
}
