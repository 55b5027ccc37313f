import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ConflictError, TooLargeError } from '../../src/core/errors';
import { StreamService } from '../../src/stream/service';
import { inlineScorer, inlineTrainer } from '../../src/training/trainedState';
import { cycling } from './streamData';

async function service(limits: ConstructorParameters<typeof StreamService>[3]): Promise<StreamService> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-stream-'));
  const s = new StreamService(
    dir,
    { train: inlineTrainer, score: inlineScorer },
    pino({ level: 'silent' }),
    limits,
  );
  await s.init();
  return s;
}

describe('streaming detection: memory bounds', () => {
  it('refuses a window beyond its cap, windows beyond the total, and a stream beyond the count', async () => {
    const s = await service({
      maxStreams: 3,
      maxWindowCells: 2_000,
      maxTotalCells: 3_000,
      maxBatchPoints: 100,
    });
    await s.process({ model: 'one', window_size: 1000, data: cycling(1) }); // 1,000 values
    await expect(s.process({ model: 'wide', window_size: 1000, data: { a: 1, b: 2, c: 3 } })).rejects.toThrow(
      new TooLargeError(
        'window_size × features (1000 × 3) exceeds 2000 values per stream: use a smaller window or fewer features',
      ),
    );
    await s.process({ model: 'two', window_size: 1000, data: { a: 1, b: 2 } }); // 3,000 in all
    await expect(s.process({ model: 'three', window_size: 50, data: cycling(1) })).rejects.toThrow(
      new ConflictError(
        "the streams' windows would hold more than 3000 values: delete streams or use smaller windows",
      ),
    );
    await s.delete('two');
    await s.process({ model: 'three', window_size: 50, data: cycling(1) });
    await s.process({ model: 'four', window_size: 50, data: cycling(1) });
    await expect(s.process({ model: 'five', window_size: 50, data: cycling(1) })).rejects.toThrow(
      new ConflictError(
        'at most 3 streaming detectors are kept: delete one (DELETE /v1/anomaly/stream/{id}) first',
      ),
    );
    expect(s.list().data.map((d) => d.model_id)).toEqual(['one', 'three', 'four']);
    await expect(s.process({ model: 'one', data: cycling(101) })).rejects.toBeInstanceOf(TooLargeError);
    expect(s.get('one').total_processed).toBe(1);
  });
});
