import type { BackendInfoWire, BackendList } from '../contract/anomaly';
import { BACKEND_CATEGORIES, type BackendInfo } from '../detectors/detector';

/**
 * `GET backends` as LlamaFarm answers it: each detector with its parameter names as a list (our
 * descriptions stay beside it in `parameter_details`), sorted by category then id, and the categories
 * present, in LlamaFarm's category order.
 */
export function backendListing(infos: readonly BackendInfo[]): BackendList {
  const rank = (info: BackendInfo): number => BACKEND_CATEGORIES.indexOf(info.category);
  const data: BackendInfoWire[] = [...infos]
    .sort((a, b) => rank(a) - rank(b) || (a.backend < b.backend ? -1 : a.backend > b.backend ? 1 : 0))
    .map((info) => ({
      backend: info.backend,
      name: info.name,
      description: info.description,
      category: info.category,
      speed: info.speed,
      memory: info.memory,
      parameters: Object.keys(info.parameters),
      best_for: info.best_for,
      is_legacy: info.is_legacy,
      parameter_details: info.parameters,
    }));
  const present = new Set(data.map((d) => d.category));
  return {
    object: 'list',
    data,
    total: data.length,
    categories: BACKEND_CATEGORIES.filter((c) => present.has(c)),
  };
}
