import { readFileSync } from 'node:fs';
import path from 'node:path';

/** ../shared beside the repository (as in CI), holding the reference values. */
export const SHARED_DIR = path.resolve(__dirname, '../../../../shared');

export interface Golden {
  training_data: number[];
  contamination: number;
  train_raw: number[];
  stats: { median: number; iqr: number; mean: number; std_population: number };
  learned_threshold: { zscore: number; standardization: number; raw: number };
  test_points: number[];
  test_raw: number[];
  test_zscore: number[];
  test_standardization: number[];
  hash_encoder: { values: Record<string, number> };
  api_log_example: {
    schema: Record<string, string>;
    feature_order: string[];
    label_map_method: Record<string, number>;
    train_rows: Record<string, unknown>[];
    encoded: { row: Record<string, unknown>; vector: number[] }[];
  };
  frequency_example: {
    train_values: (string | null)[];
    frequency_map: Record<string, number>;
    default_value: number;
  };
}

export const golden = JSON.parse(
  readFileSync(path.join(SHARED_DIR, 'data/golden/anomaly_api_golden.json'), 'utf8'),
) as Golden;
