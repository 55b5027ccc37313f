import { mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { StreamDetectorStats, StreamResponse } from '../../src/contract/stream';
import { decodeRecords, encodeRecord, type JournalRecord } from '../../src/stream/journal';
import { StreamService } from '../../src/stream/service';
import { emptyCounters } from '../../src/stream/streamDetector';
import { inlineScorer, inlineTrainer } from '../../src/training/trainedState';
import { eventually, gaussianPoints, minuteSeries } from './streamData';

const newService = async (dataDir: string): Promise<StreamService> => {
  const service = new StreamService(
    dataDir,
    { train: inlineTrainer, score: inlineScorer },
    pino({ level: 'silent' }),
  );
  await service.init();
  return service;
};

/** Stats without the fields that name the stream or the wall clock. */
const comparable = ({ model_id: _id, last_trained_at: _at, ...rest }: StreamDetectorStats) => rest;

const journals = (dataDir: string): string[] =>
  readdirSync(path.join(dataDir, 'streams')).filter((f) => f.endsWith('.log'));

const record = (n: number): JournalRecord => ({
  end_seq: n,
  first_seq: 0,
  counters: { ...emptyCounters(), totalProcessed: n },
  timestamps: [n],
  values: Buffer.from(new Float64Array([n]).buffer).toString('base64'),
});

/** The first retrain is due at point 50 + 410 = 460: after a restart at 450, on the restored window. */
const RETRAIN_INTERVAL = 410;

/** Twin configurations: a tabular backend and a causal detector. */
const KINDS = {
  tabular: { config: { backend: 'ecod', window_size: 200 }, points: (n: number) => gaussianPoints(n, 7) },
  causal: { config: { backend: 'ensemble', window_size: 200 }, points: (n: number) => minuteSeries(n, 8) },
} as const;

describe('stream journal: record format', () => {
  it('reads back every complete record and drops a torn or damaged last one', () => {
    const whole = Buffer.concat([1, 2, 3].map((n) => encodeRecord(record(n))));
    expect(decodeRecords(whole)).toEqual({ records: [record(1), record(2), record(3)], torn: false });
    const lastStart = whole.length - encodeRecord(record(3)).length;
    for (let cut = lastStart + 1; cut < whole.length; cut++)
      expect(decodeRecords(whole.subarray(0, cut))).toEqual({ records: [record(1), record(2)], torn: true });
    const damaged = Buffer.from(whole);
    damaged[whole.length - 2] ^= 0xff;
    expect(decodeRecords(damaged)).toEqual({ records: [record(1), record(2)], torn: true });
  });
});

describe.each(Object.entries(KINDS))('stream journal: %s restore', (_kind, { config, points }) => {
  const all = points(700);
  const feed = async (
    service: StreamService,
    model: string,
    from: number,
    to: number,
  ): Promise<StreamResponse[]> => {
    const out: StreamResponse[] = [];
    for (let i = from; i < to; i++)
      out.push(
        await service.process({
          model,
          ...config,
          min_samples: 50,
          retrain_interval: RETRAIN_INTERVAL,
          data: all[i],
        }),
      );
    return out;
  };

  it('a restart resumes from snapshot + journal exactly, also across compactions (a window of points each)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lens-journal-'));
    const first = await newService(dataDir);
    await feed(first, 's', 0, 450); // 450 single points: two compactions at window_size 200
    const before = first.get('s');
    expect(journals(dataDir)).toHaveLength(1);
    const restored = await newService(dataDir);
    expect(restored.get('s')).toEqual(before);
    const reference = await newService(mkdtempSync(path.join(os.tmpdir(), 'lens-journal-')));
    await feed(reference, 's', 0, 450);
    const results = async (service: StreamService, from: number, to: number) =>
      (await feed(service, 's', from, to)).map((r) => r.results);
    expect(await results(restored, 450, 461)).toEqual(await results(reference, 450, 461));
    // Version 2 is trained on the restored window: the same window scores the same afterwards.
    for (const service of [restored, reference])
      await eventually(async () => (service.get('s').status === 'ready' ? true : undefined));
    expect(restored.get('s').model_version).toBe(2);
    expect(await results(restored, 461, 500)).toEqual(await results(reference, 461, 500));
    expect(comparable(restored.get('s'))).toEqual(comparable(reference.get('s')));
  });

  it('a torn last record (crash mid-append) restores the state of the request before it', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lens-journal-'));
    const first = await newService(dataDir);
    await feed(first, 's', 0, 120);
    const acknowledged = first.get('s');
    await feed(first, 's', 120, 121);
    const file = path.join(dataDir, 'streams', journals(dataDir)[0]);
    const size = statSync(file).size;
    truncateSync(file, size - 3);
    const restored = await newService(dataDir);
    expect(restored.get('s')).toEqual(acknowledged);
    // The journal goes on after the torn tail is left behind: a second restart loses nothing.
    await feed(restored, 's', 120, 130);
    const again = await newService(dataDir);
    expect(again.get('s')).toEqual(restored.get('s'));
    expect(again.get('s').total_processed).toBe(130);
  });

  it('reset and delete: a reset stream restores empty, a deleted one leaves no journal', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lens-journal-'));
    const first = await newService(dataDir);
    await feed(first, 'r', 0, 80);
    await first.reset('r');
    await feed(first, 'r', 80, 85);
    expect((await newService(dataDir)).get('r')).toEqual(first.get('r'));
    await first.delete('r');
    expect(readdirSync(path.join(dataDir, 'streams'))).toEqual([]);
  });
});

describe('stream journal: leftovers', () => {
  it('a journal whose state file is gone (deletion cut short) is removed at start-up', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lens-journal-'));
    const first = await newService(dataDir);
    await first.process({ model: 'x', min_samples: 10, data: gaussianPoints(12, 3) });
    await first.process({ model: 'x', data: gaussianPoints(1, 4) });
    const streams = path.join(dataDir, 'streams');
    const [journal] = journals(dataDir);
    const kept = readFileSync(path.join(streams, journal));
    await first.delete('x');
    writeFileSync(path.join(streams, journal), kept);
    await newService(dataDir);
    expect(readdirSync(streams)).toEqual([]);
  });
});
