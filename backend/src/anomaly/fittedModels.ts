import type { Logger } from 'pino';
import { invalidInput, notFound, type NotFoundError } from '../core/errors';
import { BACKEND_NAMES, DEFAULT_BACKEND } from '../detectors/registry';
import type { FittedModel } from '../models/fittedModel';
import { foreignFileProblem } from '../models/foreignModelFiles';
import type { ModelStore } from '../models/modelStore';
import { latestBase, versionStamp } from '../models/naming';
import { ByteLruCache, type CacheStats } from './modelCache';

const key = (name: string, backend: string): string => `${backend}\u0000${name}`;

/** A model reference after resolution: the concrete name and backend, and what the client should know. */
export interface ResolvedModel {
  readonly name: string;
  readonly backend: string;
  readonly warnings: string[];
}

/**
 * The fitted models a client can name. Every fitted model is saved on disk before it is used;
 * memory holds a byte-bounded LRU cache of them (evicted ones reload from disk on next use).
 * Resolves `{base}-latest` and an omitted backend, reserves versioned names.
 */
export class FittedModels {
  private readonly memory: ByteLruCache<FittedModel>;
  /** Versioned names chosen by fits still in flight, so two fits in one second never collide. */
  private readonly reserved = new Set<string>();

  /**
   * With `revalidate` (a worker thread: another thread writes the files), every use checks that the
   * file is still the version in memory, so a refit or a delete elsewhere is seen at once.
   */
  private readonly versions = new Map<string, string>();

  constructor(
    private readonly store: ModelStore,
    private readonly log: Logger,
    cacheLimitBytes: number,
    private readonly revalidate = false,
  ) {
    this.memory = new ByteLruCache(cacheLimitBytes);
  }

  cacheStats(): CacheStats {
    return this.memory.stats();
  }

  /** Keeps a saved model in memory; `sizeBytes` (its file size) is what it costs the cache. */
  remember(model: FittedModel, sizeBytes: number): void {
    this.memory.set(key(model.meta.name, model.meta.backend), model, sizeBytes);
  }

  /** Forgets every in-memory model stored under `filename`. */
  forgetFile(filename: string): void {
    for (const [k, model] of [...this.memory.keyedValues()]) {
      if (this.store.modelFilename(model.meta.name, model.meta.backend) === filename) this.memory.delete(k);
    }
  }

  /** The fitted model, loading it from disk when it is not in memory. */
  async get({ name, backend }: ResolvedModel): Promise<FittedModel> {
    const k = key(name, backend);
    const version = this.revalidate ? await this.store.fileKey(name, backend) : null;
    const cached = this.memory.get(k);
    if (cached && (!this.revalidate || (version !== null && this.versions.get(k) === version))) return cached;
    if (cached) this.memory.delete(k);
    const loaded = await this.store.read(name, backend);
    if (!loaded) throw await this.notFitted(name, backend);
    this.remember(loaded.model, loaded.sizeBytes);
    if (version !== null) this.versions.set(k, version);
    this.log.info({ model: name, backend, bytes: loaded.sizeBytes }, 'model loaded from disk');
    return loaded.model;
  }

  /**
   * LlamaFarm's wording ("not found", "not fitted"); when LlamaFarm's own file for the model is in
   * the models folder, says why it cannot be used.
   */
  async notFitted(name: string, backend: string): Promise<NotFoundError> {
    const foreign = await this.store.foreignFile(name, backend);
    const why = foreign ? `: ${foreignFileProblem(foreign)}` : ': call fit first, or check GET models';
    return notFound(`Model '${name}' with backend '${backend}' not found (not fitted)${why}`);
  }

  /**
   * Without a backend, a model name fitted with exactly one backend means that backend (a model
   * fitted with `ecod` is scored with `ecod`). A name fitted with several is ambiguous: Isolation
   * Forest (the default) when it is among them, with a warning; otherwise the client must choose.
   */
  async resolve(model: string, backend: string | undefined): Promise<ResolvedModel> {
    const warnings: string[] = [];
    let chosen = backend;
    if (chosen === undefined) {
      const fitted = await this.fittedBackends(model);
      if (fitted.length === 1) chosen = fitted[0];
      else if (fitted.length === 0 || fitted.includes(DEFAULT_BACKEND)) chosen = DEFAULT_BACKEND;
      else {
        throw invalidInput(
          `model '${model}' is fitted with several backends (${fitted.join(', ')}): send "backend" to choose one`,
        );
      }
      if (fitted.length > 1) {
        warnings.push(
          `model '${model}' is fitted with ${fitted.join(', ')}; used '${chosen}' (the default): send "backend" to choose`,
        );
      }
    }
    return { name: await this.resolveLatest(model, chosen), backend: chosen, warnings };
  }

  /** Backends under which `model` (or, for `{base}-latest`, any version of base) is fitted. */
  private async fittedBackends(model: string): Promise<string[]> {
    const base = latestBase(model);
    const found = new Set<string>();
    if (base === null) {
      for (const b of BACKEND_NAMES) {
        if (this.memory.has(key(model, b)) || (await this.store.exists(model, b))) found.add(b);
      }
    } else {
      for (const m of this.memory.values()) if (m.meta.baseName === base) found.add(m.meta.backend);
      for (const s of await this.store.list())
        if (s.header.meta.baseName === base) found.add(s.header.meta.backend);
    }
    return BACKEND_NAMES.filter((b) => found.has(b));
  }

  /** `{base}-latest` → the newest model of that base name for this backend. */
  private async resolveLatest(model: string, backend: string): Promise<string> {
    const base = latestBase(model);
    if (base === null) return model;
    const candidates = new Map<string, string>(); // name → createdAt
    for (const m of this.memory.values()) {
      if (m.meta.backend === backend && m.meta.baseName === base)
        candidates.set(m.meta.name, m.meta.createdAt);
    }
    for (const s of await this.store.list()) {
      const meta = s.header.meta;
      if (meta.backend === backend && meta.baseName === base) candidates.set(meta.name, meta.createdAt);
    }
    const newest = [...candidates].sort(([na, ca], [nb, cb]) =>
      ca === cb ? (na < nb ? 1 : -1) : ca < cb ? 1 : -1,
    )[0];
    if (!newest)
      throw notFound(`Model '${model}' not found: no versions of '${base}' for backend '${backend}'`);
    return newest[0];
  }

  /** Picks and reserves `{base}_{YYYYMMDD_HHMMSS}`, adding `_2`, `_3`… when that second is taken. */
  async reserveVersionName(base: string, backend: string): Promise<string> {
    const stamp = `${base}_${versionStamp(new Date())}`;
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? stamp : `${stamp}_${n}`;
      const onDisk = await this.store.exists(candidate, backend);
      // Checked after the await: another fit may have reserved the name meanwhile.
      const k = key(candidate, backend);
      if (!onDisk && !this.reserved.has(k) && !this.memory.has(k)) {
        this.reserved.add(k);
        return candidate;
      }
    }
  }

  reserve(name: string, backend: string): void {
    this.reserved.add(key(name, backend));
  }

  release(name: string, backend: string): void {
    this.reserved.delete(key(name, backend));
  }
}
