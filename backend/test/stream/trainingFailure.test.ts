import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { BusyError } from '../../src/core/errors';
import { StreamService } from '../../src/stream/service';
import { inlineScorer, inlineTrainer, type Trainer } from '../../src/training/trainedState';
import { cycling } from './streamData';

describe('streaming detection: a training that fails (worker pool saturated)', () => {
  it('keeps the points, says so, and retries with the next point', async () => {
    let refusals = 1;
    const busyOnce: Trainer = (job) => {
      if (refusals-- > 0)
        return Promise.reject(new BusyError('the scoring workers are busy: retry shortly', 2));
      return inlineTrainer(job);
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-stream-'));
    const service = new StreamService(
      dir,
      { train: busyOnce, score: inlineScorer },
      pino({ level: 'silent' }),
    );
    await service.init();

    const first = await service.process({ model: 's', min_samples: 10, data: cycling(10) });
    expect(first.status).toBe('collecting');
    expect(first.samples_collected).toBe(10);
    expect(first.warnings).toEqual([
      'training failed (the scoring workers are busy: retry shortly); the stream keeps what it had and retries with the next point',
    ]);
    expect(service.get('s')).toMatchObject({
      last_error: 'the scoring workers are busy: retry shortly',
      model_version: 0,
    });

    const second = await service.process({ model: 's', data: cycling(1) });
    expect(second).toMatchObject({ status: 'ready', model_version: 1, samples_collected: 11 });
    expect(second.warnings).toBeUndefined();
    expect(service.get('s').last_error).toBeNull();
  });
});
