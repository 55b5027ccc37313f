import { collectDefaultMetrics, Registry } from 'prom-client';
import { registerInventoryMetrics } from './inventoryMetrics';
import { registerNotificationMetrics } from './notificationMetrics';
import { registerPipelineMetrics } from './pipelineMetrics';
import { takeScrape, type Scrape } from './scrape';
import { registerScrapeMetrics } from './scrapeMetrics';
import { renderSeriesFamilies } from './seriesFamilies';
import { DEFAULT_MAX_SERIES } from './seriesSelection';
import type { MetricsSources } from './sources';

export interface ExpositionOptions {
  /** LF_METRICS_MAX_SERIES: monitored series exposed with their own labels. */
  readonly maxSeries?: number;
  /** Node.js process metrics (CPU, memory, event-loop lag, GC); on unless turned off. */
  readonly processMetrics?: boolean;
}

export interface Exposition {
  readonly contentType: string;
  readonly text: string;
}

/**
 * The Prometheus exposition (`GET /metrics`): a prom-client registry whose collectors read the
 * sources at scrape time (pipeline, notifications, counts, process metrics), followed by the
 * per-series families (seriesFamilies.ts). Each scrape reads every source once, so the families of one scrape agree;
 * scrapes run one at a time for the same reason.
 */
export class MetricsExposition {
  private readonly registry = new Registry();
  private readonly maxSeries: number;
  private scrape: Scrape | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** The per-series text of the last scrape and the list it was rendered from. */
  private rendered: { from: readonly unknown[]; text: string } | null = null;

  constructor(
    private readonly sources: MetricsSources,
    options: ExpositionOptions = {},
  ) {
    this.maxSeries = options.maxSeries ?? DEFAULT_MAX_SERIES;
    const current = (): Scrape => {
      if (!this.scrape) throw new Error('metrics collected outside a scrape');
      return this.scrape;
    };
    registerInventoryMetrics(this.registry, current);
    registerPipelineMetrics(this.registry, current);
    registerNotificationMetrics(this.registry, current);
    registerScrapeMetrics(this.registry, current);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  render(): Promise<Exposition> {
    const run = this.queue.then(() => this.renderNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async renderNow(): Promise<Exposition> {
    const scrape = takeScrape(this.sources, this.maxSeries);
    this.scrape = scrape;
    try {
      // Snapshots change only when a check completes (every few minutes) and the source hands out
      // the same list until then: scrapes in between reuse its text.
      const exposed = scrape.selection.exposed;
      if (this.rendered?.from !== exposed)
        this.rendered = { from: exposed, text: renderSeriesFamilies(exposed) };
      const text = (await this.registry.metrics()) + '\n' + this.rendered.text;
      return { contentType: this.registry.contentType, text };
    } finally {
      this.scrape = undefined;
    }
  }
}
