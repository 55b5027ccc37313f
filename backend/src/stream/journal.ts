import { promises as fs } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { syncDirectory } from '../models/atomicFile';
import { unpackPoints, type PackedPoints } from './packedPoints';
import type { WindowSnapshot } from './pointWindow';
import type { StreamCounters } from './streamDetector';

/**
 * What one request (or a finished retrain) changed since the previous record: the points it added
 * that the window still holds, where the window now starts and ends, and the counters after it.
 */
export interface JournalRecord extends PackedPoints {
  readonly end_seq: number;
  readonly first_seq: number;
  readonly counters: StreamCounters;
}

/** Per record: payload length and CRC-32 (u32 little-endian each), then the JSON payload. */
const HEADER_BYTES = 8;

export function encodeRecord(record: JournalRecord): Buffer {
  const payload = Buffer.from(JSON.stringify(record));
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

/**
 * The journal's complete records, in order. Reading stops at the first incomplete or damaged one: a
 * crash mid-append leaves at most the last record torn, and that request was never answered.
 */
export function decodeRecords(bytes: Buffer): { records: JournalRecord[]; torn: boolean } {
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + HEADER_BYTES > bytes.length) return { records, torn: true };
    const length = bytes.readUInt32LE(offset);
    const end = offset + HEADER_BYTES + length;
    if (end > bytes.length) return { records, torn: true };
    const payload = bytes.subarray(offset + HEADER_BYTES, end);
    if (crc32(payload) !== bytes.readUInt32LE(offset + 4)) return { records, torn: true };
    records.push(JSON.parse(payload.toString('utf8')) as JournalRecord);
    offset = end;
  }
  return { records, torn: false };
}

/** Reads a journal; a missing file is an empty journal. */
export async function readJournal(file: string): Promise<{ records: JournalRecord[]; torn: boolean }> {
  try {
    return decodeRecords(await fs.readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], torn: false };
    throw error;
  }
}

/** Appends one record and fsyncs it; a journal's first record also fsyncs the folder that now lists it. */
export async function appendRecord(file: string, record: JournalRecord, first: boolean): Promise<void> {
  const handle = await fs.open(file, 'a');
  try {
    await handle.write(encodeRecord(record));
    await handle.datasync();
  } finally {
    await handle.close();
  }
  if (first) await syncDirectory(path.dirname(file));
}

/** The window a snapshot's window becomes once the records are applied in order. */
export function replayWindow(
  snapshot: WindowSnapshot,
  records: readonly JournalRecord[],
  width: number,
): WindowSnapshot {
  let points = snapshot.points.slice();
  let head = 0;
  let firstSeq = snapshot.firstSeq;
  for (const record of records) {
    const added = unpackPoints(record, width);
    const start = record.end_seq - added.length;
    const end = firstSeq + points.length - head;
    if (start < end) throw new Error('stream journal overlaps its snapshot');
    // The request added more points than the window keeps: only its newest ones were recorded.
    if (start > end) [points, head, firstSeq] = [[], 0, start];
    for (const p of added) points.push(p);
    head += Math.max(0, record.first_seq - firstSeq);
    firstSeq = Math.max(firstSeq, record.first_seq);
  }
  return { firstSeq, points: points.slice(head) };
}
