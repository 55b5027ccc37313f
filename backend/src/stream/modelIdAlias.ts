import { invalidField } from '../core/errors';

/**
 * `model_id` as another name for `model`. LlamaFarm's own guides send `{"model_id": …}` to
 * `POST stream`, which its runtime ignores, so every such client lands in `default-stream`; here it
 * names the stream (when `model` is absent) and a warning says so. With `model` present it is ignored.
 */
export function applyModelIdAlias(body: unknown): { body: unknown; warnings: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('model_id' in body))
    return { body, warnings: [] };
  const { model_id: alias, ...rest } = body as Record<string, unknown>;
  if ('model' in rest)
    return {
      body: rest,
      warnings: [`model_id ${JSON.stringify(alias)} was ignored: 'model' names the stream`],
    };
  if (typeof alias !== 'string')
    throw invalidField(['body', 'model_id'], "model_id must be a string (the stream's id)");
  return {
    body: { ...rest, model: alias },
    warnings: [
      `model_id was read as 'model' (LlamaFarm's runtime ignores model_id and would use 'default-stream'); send 'model'`,
    ],
  };
}
