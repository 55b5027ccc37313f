import { EarlyStopping } from '../../src/detectors/autoencoder/earlyStopping';

describe('early stopping', () => {
  it('keeps the best epoch and stops after `patience` epochs without a strictly lower loss', () => {
    const stopping = new EarlyStopping<string>(2, 0, 'initial');
    const losses = [5, 4, 4, 4.5, 3, 3, NaN];
    const stoppedAfter: number[] = [];
    losses.forEach((loss, i) => {
      stopping.update(i + 1, loss, () => `weights of epoch ${i + 1}`);
      if (stopping.shouldStop) stoppedAfter.push(i + 1);
    });
    expect(stoppedAfter).toEqual([4, 7]); // 4 and 4.5 do not beat 4; 3 then NaN do not beat 3
    expect(stopping.result).toEqual({ best: 'weights of epoch 5', loss: 3, epoch: 5 });
  });

  it('counts only improvements larger than minDelta', () => {
    const stopping = new EarlyStopping<number>(2, 0.1, 0);
    [1, 0.95, 0.85, 0.8].forEach((loss, i) => stopping.update(i + 1, loss, () => i + 1));
    expect(stopping.result).toEqual({ best: 3, loss: 0.85, epoch: 3 }); // 0.95 and 0.8 are within 0.1
    expect(stopping.shouldStop).toBe(false);
  });

  it('keeps the initial state when no epoch produces a finite loss', () => {
    const stopping = new EarlyStopping<string>(1, 0, 'initial');
    stopping.update(1, NaN, () => 'diverged');
    expect(stopping.shouldStop).toBe(true);
    expect(stopping.result.best).toBe('initial');
  });
});
