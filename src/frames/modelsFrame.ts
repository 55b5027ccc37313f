import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { SavedModel } from '../api/backendTypes';

/** Saved models as a table, newest first (the backend's order). */
export function modelsFrame(models: SavedModel[], refId: string): DataFrame {
  const column = <T>(name: string, type: FieldType, get: (m: SavedModel) => T, config = {}) => ({
    name,
    type,
    values: models.map(get),
    config,
  });
  return createDataFrame({
    refId,
    name: 'models',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      column('name', FieldType.string, (m) => m.name ?? m.filename),
      column('backend', FieldType.string, (m) => m.backend),
      column('created', FieldType.time, (m) => (m.created ? Date.parse(m.created) : m.modified * 1000)),
      column('size', FieldType.number, (m) => m.size_bytes, { unit: 'bytes' }),
      column('filename', FieldType.string, (m) => m.filename),
      column('description', FieldType.string, (m) => m.description ?? ''),
    ],
  });
}
