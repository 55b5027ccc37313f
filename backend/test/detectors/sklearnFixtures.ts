import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Matrix } from '../../src/core/matrix';

/** What make_sklearn_fixtures.py recorded for one ODDS set (scaled rows stored as integers · 2^-q). */
interface RawFixture {
  name: string;
  q: number;
  cols: number;
  train_rows: number;
  test_rows: number;
  train_scaled: number[];
  test_scaled: number[];
  ocsvm_protocol: OcsvmReference;
  ocsvm_defaults: OcsvmReference;
  lof: { n_neighbors: number; algorithm: 'kd_tree' | 'brute'; raw: number[]; kd_idx_array: number[] | null };
}

export interface OcsvmReference {
  readonly nu: number;
  readonly gamma: 'auto' | 'scale';
  readonly gamma_value: number;
  readonly rho: number;
  readonly n_support: number;
  readonly raw: number[];
}

export interface SklearnFixture {
  readonly name: string;
  readonly train: Matrix;
  readonly test: Matrix;
  readonly ocsvmProtocol: OcsvmReference;
  readonly ocsvmDefaults: OcsvmReference;
  readonly lof: RawFixture['lof'];
}

const DIR = path.join(__dirname, '..', 'fixtures', 'sklearn_ocsvm_lof');

function matrix(ints: number[], rows: number, cols: number, q: number): Matrix {
  const scale = 2 ** -q;
  return { data: Float64Array.from(ints, (v) => v * scale), rows, cols };
}

export function loadSklearnFixtures(): SklearnFixture[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json.gz'))
    .sort()
    .map((f) => {
      const raw = JSON.parse(gunzipSync(readFileSync(path.join(DIR, f))).toString('utf8')) as RawFixture;
      return {
        name: raw.name,
        train: matrix(raw.train_scaled, raw.train_rows, raw.cols, raw.q),
        test: matrix(raw.test_scaled, raw.test_rows, raw.cols, raw.q),
        ocsvmProtocol: raw.ocsvm_protocol,
        ocsvmDefaults: raw.ocsvm_defaults,
        lof: raw.lof,
      };
    });
}
