/**
 * Early stopping on a validation loss, as LlamaFarm's autoencoder: an epoch improves when its loss is
 * below the best so far by more than `minDelta`; after `patience` epochs in a row without one, stop.
 * Remembers the best epoch's snapshot (NaN never counts as better).
 */
export class EarlyStopping<T> {
  private best: T;
  private bestLoss = Infinity;
  private bestEpoch = 0;
  private stale = 0;

  constructor(
    private readonly patience: number,
    private readonly minDelta: number,
    initial: T,
  ) {
    this.best = initial;
  }

  /** Records an epoch's loss; `snapshot` is called only when the loss is a new best. */
  update(epoch: number, loss: number, snapshot: () => T): void {
    if (loss < this.bestLoss - this.minDelta) {
      this.bestLoss = loss;
      this.bestEpoch = epoch;
      this.best = snapshot();
      this.stale = 0;
    } else {
      this.stale++;
    }
  }

  get shouldStop(): boolean {
    return this.stale >= this.patience;
  }

  get result(): { best: T; loss: number; epoch: number } {
    return { best: this.best, loss: this.bestLoss, epoch: this.bestEpoch };
  }
}
