import type { Matrix } from '../../../core/matrix';
import { dot } from '../../../core/rows';
import { candidateScanWasm } from './candidateScanWasm';

/** Rows per panel of the scan kernel (two float32x4 lanes). */
export const PANEL_ROWS = 8;
/** Queries per kernel call. */
export const GROUP_QUERIES = 4;
/** Queries whose data sit in wasm memory at once. */
export const CHUNK_QUERIES = 1024;
/** Largest block of training rows one call scans: its panels (≤ 256 KiB) stay in the L2 cache. */
const BLOCK_BYTES = 256 * 1024;

const SCRATCH_BYTES = 256;
const PAGE_BYTES = 65536;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where this engine lacks WebAssembly SIMD. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(candidateScanWasm);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export function simdAvailable(): boolean {
  return kernelModule() !== null;
}

interface ScanExports {
  readonly memory: WebAssembly.Memory;
  scan(
    d: number,
    group: number,
    panel: number,
    panelEnd: number,
    train: number,
    norms: number,
    out: number,
  ): number;
}

const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/**
 * The training rows in the kernel's layout (float32 panels of 8 rows, column-major inside a panel, with
 * their squared norms) and a window for one chunk of queries. `scan` runs one group of 4 queries over a
 * range of panels and leaves the qualifying (row, query lane, approximate squared distance) triples in
 * `outInts` / `outFloats`.
 */
export class CandidateScanner {
  readonly blockRows: number;
  /** Triples from the last scan: row at 3e, query lane at 3e + 1 (ints), distance at 3e + 2 (floats). */
  readonly outInts: Int32Array;
  readonly outFloats: Float32Array;
  /** Per group: 4 × d values of −2q, then 4 squared norms, then 4 thresholds. */
  readonly groups: Float32Array;
  readonly groupFloats: number;
  /** |x|² of every training row in float64 (the kernel holds them rounded to float32). */
  readonly squaredNorms: Float64Array;
  private readonly kernel: ScanExports;
  private readonly groupsAt: number;
  private readonly trainAt: number;
  private readonly normsAt: number;
  private readonly outAt: number;

  constructor(
    private readonly x: Matrix,
    module: WebAssembly.Module,
  ) {
    const { rows: n, cols: d } = x;
    this.blockRows = Math.max(PANEL_ROWS, Math.floor(BLOCK_BYTES / (4 * d) / PANEL_ROWS) * PANEL_ROWS);
    const panels = Math.ceil(n / PANEL_ROWS);
    this.groupFloats = GROUP_QUERIES * d + 2 * GROUP_QUERIES;
    const groupBytes = this.groupFloats * 4;
    const outEntries = GROUP_QUERIES * this.blockRows;
    this.groupsAt = SCRATCH_BYTES;
    this.outAt = align(this.groupsAt + (CHUNK_QUERIES / GROUP_QUERIES) * groupBytes);
    this.trainAt = align(this.outAt + outEntries * 12);
    this.normsAt = align(this.trainAt + panels * d * PANEL_ROWS * 4);
    const bytes = this.normsAt + panels * PANEL_ROWS * 4;

    this.kernel = new WebAssembly.Instance(module).exports as unknown as ScanExports;
    const memory = this.kernel.memory;
    const missing = Math.ceil(bytes / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES;
    if (missing > 0) memory.grow(missing);
    const buffer = memory.buffer;
    this.groups = new Float32Array(buffer, this.groupsAt, (CHUNK_QUERIES / GROUP_QUERIES) * this.groupFloats);
    this.outInts = new Int32Array(buffer, this.outAt, outEntries * 3);
    this.outFloats = new Float32Array(buffer, this.outAt, outEntries * 3);

    const train = new Float32Array(buffer, this.trainAt, panels * d * PANEL_ROWS);
    const norms = new Float32Array(buffer, this.normsAt, panels * PANEL_ROWS).fill(NaN);
    const data = x.data;
    this.squaredNorms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const panelBase = Math.floor(i / PANEL_ROWS) * d * PANEL_ROWS + (i % PANEL_ROWS);
      for (let j = 0; j < d; j++) train[panelBase + j * PANEL_ROWS] = data[i * d + j];
      this.squaredNorms[i] = dot(data, i * d, data, i * d, d);
      norms[i] = this.squaredNorms[i];
    }
  }

  /** Scans training panels [panelStart, panelEnd) for group `group`; returns how many triples it left. */
  scan(group: number, panelStart: number, panelEnd: number): number {
    return this.kernel.scan(
      this.x.cols,
      this.groupsAt + group * this.groupFloats * 4,
      panelStart,
      panelEnd,
      this.trainAt,
      this.normsAt,
      this.outAt,
    );
  }
}

/** A scanner over `x`, or null where WebAssembly SIMD is unavailable. */
export function createCandidateScanner(x: Matrix): CandidateScanner | null {
  const module = kernelModule();
  return module ? new CandidateScanner(x, module) : null;
}
