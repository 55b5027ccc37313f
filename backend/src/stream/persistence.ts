import { appendRecord, type JournalRecord } from './journal';
import { packPoints } from './packedPoints';
import { journalFile, saveState } from './stateFile';
import type { StreamDetector } from './streamDetector';

/** Records a journal takes before it is folded into a new snapshot (bounds replay at restore). */
const MAX_JOURNAL_RECORDS = 10_000;

/**
 * Keeps one stream's state on disk at the cost of what a request changed: it appends the request's
 * points and counters to the stream's journal (fsynced), and writes a whole snapshot (starting a new
 * journal) only when the journal could not describe the change — the first save, features fixed, a
 * reset, a new tabular model, a failed append — or has grown to a window's worth of points.
 */
export class StreamPersistence {
  /** Whether the next save must be a snapshot. */
  private stale = true;
  private columns: readonly string[] | null = null;
  private tabularVersion = 0;
  /** The window's end seq that disk has. */
  private savedEnd = 0;
  private records = 0;
  private points = 0;

  constructor(
    private readonly dir: string,
    private readonly id: string,
    /** The journal the current snapshot names. */
    private journal = 0,
  ) {}

  async save(detector: StreamDetector): Promise<void> {
    if (this.mustSnapshot(detector)) return this.snapshot(detector);
    const added = detector.window.from(this.savedEnd);
    const record: JournalRecord = {
      end_seq: detector.window.endSeq,
      first_seq: detector.window.firstSeq,
      counters: { ...detector.counters },
      ...packPoints(added),
    };
    try {
      await appendRecord(journalFile(this.dir, this.id, this.journal), record, this.records === 0);
    } catch (error) {
      // Part of the record may be there: later records must not follow it in this journal.
      this.stale = true;
      throw error;
    }
    this.records++;
    this.points += added.length;
    this.savedEnd = record.end_seq;
  }

  /** A whole snapshot, continued by a new, empty journal. */
  async snapshot(detector: StreamDetector): Promise<void> {
    const next = this.journal + 1;
    // What the snapshot holds, taken before it awaits (a retrain may install a model meanwhile).
    const { columns, counters, window } = detector;
    const [version, end] = [counters.modelVersion, window.endSeq];
    await saveState(this.dir, detector, next);
    this.journal = next;
    this.stale = false;
    this.columns = columns;
    this.tabularVersion = version;
    this.savedEnd = end;
    this.records = 0;
    this.points = 0;
  }

  private mustSnapshot(detector: StreamDetector): boolean {
    const { window, counters } = detector;
    return (
      this.stale ||
      detector.columns !== this.columns ||
      window.endSeq < this.savedEnd ||
      (detector.kind === 'tabular' && counters.modelVersion !== this.tabularVersion) ||
      this.records >= MAX_JOURNAL_RECORDS ||
      this.points >= window.windowSize
    );
  }
}
