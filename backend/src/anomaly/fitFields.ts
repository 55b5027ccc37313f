import { DEFAULT_EARLY_STOPPING, type BackendInfo, type EarlyStoppingOptions } from '../detectors/detector';
import type { FitRequest } from './schemas';

/* Fit fields whose defaults or effect differ from LlamaFarm's, and what the response says about them. */

/**
 * LlamaFarm's versioning layer overwrites by default; ours versions by default, as its guide
 * documents. A client that leaves `overwrite` out is told which model it got.
 */
export function overwriteDefaultWarning(base: string, name: string): string {
  return `overwrite not given: trained the new version '${name}' (the documented default, overwrite: false); LlamaFarm's server would have replaced '${base}'. Send "overwrite": true to replace '${base}', or score '${base}-latest'`;
}

const EARLY_STOPPING_FIELDS = ['validation_split', 'patience', 'min_delta'] as const;

export function earlyStoppingOf(req: FitRequest): EarlyStoppingOptions {
  return {
    validationSplit: req.validation_split ?? DEFAULT_EARLY_STOPPING.validationSplit,
    patience: req.patience ?? DEFAULT_EARLY_STOPPING.patience,
    minDelta: req.min_delta ?? DEFAULT_EARLY_STOPPING.minDelta,
  };
}

/** Early-stopping fields sent for a backend whose listing does not name them (it trains in one pass). */
export function ignoredEarlyStopping(req: FitRequest, info: BackendInfo): string[] {
  const sent = EARLY_STOPPING_FIELDS.filter((f) => req[f] !== undefined && !(f in info.parameters));
  return sent.length === 0
    ? []
    : [
        `${sent.join(', ')} ignored: backend '${req.backend}' does not train iteratively (the autoencoder does)`,
      ];
}
