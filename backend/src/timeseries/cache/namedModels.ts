import type { FittedModel } from '../../models/fittedModel';
import type { ModelStore } from '../../models/modelStore';
import type { CachedModel } from './cachedModel';
import type { Notice } from '../output/notices';
import type { DetectorConfig, FeatureSpec } from '../schemas';
import { unitLabel, type Unit } from '../units/units';

type TabularEntry = Extract<CachedModel, { kind: 'tabular' }>;

/**
 * Saves fitted time-series models so they appear in GET /v1/anomaly/models; one unit keeps the
 * name, several get `{name}_{n}`. The description records what the columns are.
 */
export async function saveNamedModels(
  store: ModelStore,
  name: string,
  saved: readonly { unit: Unit; entry: TabularEntry }[],
  features: FeatureSpec,
  detector: DetectorConfig,
): Promise<Notice[]> {
  const notices: Notice[] = [];
  for (const [n, { unit, entry }] of saved.entries()) {
    const modelName = saved.length === 1 ? name : `${name}_${n + 1}`;
    if (entry.savedAs === modelName) continue;
    const { trained, featureNames, samples } = entry.model;
    const model: FittedModel = {
      meta: {
        name: modelName,
        baseName: modelName,
        isVersioned: false,
        description: JSON.stringify({
          kind: 'timeseries',
          series: unitLabel(unit),
          features: featureNames,
          spec: features,
        }),
        backend: detector.method,
        contamination: detector.contamination,
        inputDim: featureNames.length,
        normalization: detector.normalization,
        samplesFitted: samples,
        createdAt: new Date().toISOString(),
        fitInfo: trained.fitInfo,
      },
      encoder: null,
      ...trained,
    };
    try {
      await store.save(model);
      entry.savedAs = modelName;
      notices.push({
        severity: 'info',
        text: `saved model '${modelName}' (${detector.method}) for ${unitLabel(unit)}`,
      });
    } catch (error) {
      notices.push({
        severity: 'warning',
        text: `could not save model '${modelName}': ${(error as Error).message}`,
      });
    }
  }
  return notices;
}
