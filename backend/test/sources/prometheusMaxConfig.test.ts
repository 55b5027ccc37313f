import { loadConfig } from '../../src/config';

describe('LF_PROMETHEUS_MAX_MB', () => {
  it('defaults to 64 MiB and takes decimals', () => {
    expect(loadConfig({}).prometheusMaxResponseBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ LF_PROMETHEUS_MAX_MB: '0.5' }).prometheusMaxResponseBytes).toBe(512 * 1024);
    expect(loadConfig({ LF_PROMETHEUS_MAX_MB: '128' }).prometheusMaxResponseBytes).toBe(128 * 1024 * 1024);
  });

  it('stops start-up on a value that is not a positive number', () => {
    expect(() => loadConfig({ LF_PROMETHEUS_MAX_MB: '0' })).toThrow(/LF_PROMETHEUS_MAX_MB must be above 0/);
    expect(() => loadConfig({ LF_PROMETHEUS_MAX_MB: 'lots' })).toThrow(
      /LF_PROMETHEUS_MAX_MB must be a non-negative number, got 'lots'/,
    );
  });
});
