import { NotFoundError } from '../core/errors';
import type { MonitorStore } from '../store/monitorStore';
import { parseStoredState, type StoredState } from './storedState';

/**
 * Monitors' persisted states, read from the store once and then kept in memory: this process is
 * the only writer (checks and verdicts run one at a time in MonitorService), so the copy here is
 * what the store holds once a commit succeeds. Callers put a state back only after committing it.
 */
export class StateCache {
  private readonly states = new Map<string, StoredState>();

  constructor(private readonly store: MonitorStore) {}

  /** A copy the caller may change (the cached one changes only through `committed`). */
  async get(id: string): Promise<StoredState> {
    let state = this.states.get(id);
    if (!state) {
      state = parseStoredState(
        await this.store.monitorState(id).catch((error: unknown) => {
          if (error instanceof NotFoundError) return undefined; // a monitor being created
          throw error;
        }),
      );
      this.states.set(id, state);
    }
    return { ...state, series: { ...state.series } };
  }

  committed(id: string, state: StoredState): void {
    this.states.set(id, state);
  }

  forget(id: string): void {
    this.states.delete(id);
  }
}
