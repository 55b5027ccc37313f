import { createHash } from 'node:crypto';

/**
 * Rewrites a format-2 model file as the format-1 files earlier builds wrote: no trailing checksum,
 * `payload_sha256` over the payload only, and the encoder in a `{stem}_encoder.json` sidecar.
 */
export function toLegacyModelFile(v2: Buffer): { file: Buffer; sidecar: string | null } {
  const headerLength = v2.readUInt32LE(8);
  const header = JSON.parse(v2.subarray(12, 12 + headerLength).toString('utf8')) as Record<string, unknown>;
  const payload = v2.subarray(12 + headerLength, 12 + headerLength + Number(header.payload_bytes));
  const encoder = header.encoder ?? null;
  delete header.encoder;
  delete header.payload_bytes;
  header.format_version = 1;
  header.payload_sha256 = createHash('sha256').update(payload).digest('hex');
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Buffer.alloc(Math.ceil((12 + json.length) / 8) * 8 - 12, ' ');
  json.copy(padded);
  const prefix = Buffer.alloc(12);
  v2.copy(prefix, 0, 0, 8);
  prefix.writeUInt32LE(padded.length, 8);
  return {
    file: Buffer.concat([prefix, padded, payload]),
    sidecar: encoder === null ? null : JSON.stringify(encoder, null, 2),
  };
}
