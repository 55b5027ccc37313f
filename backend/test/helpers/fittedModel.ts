import { detectorFactory } from '../../src/detectors/registry';
import type { FittedModel } from '../../src/models/fittedModel';
import { train } from '../../src/training/pipeline';
import type { Matrix } from '../../src/core/matrix';

/** A model fitted through the training pipeline on `x`, as the service would save it (name "m"). */
export async function fittedModel(
  backend: string,
  x: Matrix,
  params: Record<string, unknown>,
  training: { epochs: number; batchSize: number } = { epochs: 5, batchSize: 32 },
): Promise<FittedModel> {
  const factory = detectorFactory(backend)!;
  const trained = await train(factory, x, {
    contamination: 0.1,
    params: factory.params.parse(params),
    ...training,
  });
  return {
    meta: {
      name: 'm',
      baseName: 'm',
      isVersioned: false,
      description: null,
      backend,
      contamination: 0.1,
      inputDim: x.cols,
      normalization: 'standardization',
      samplesFitted: x.rows,
      createdAt: new Date().toISOString(),
      fitInfo: trained.fitInfo,
    },
    encoder: null,
    ...trained,
  };
}
