import type { DeliveryPolicy } from './config';

/**
 * Delay before the next attempt after `failures` failed ones (≥ 1): "full jitter", uniform in
 * [0, min(max, base · 2^(failures − 1))), so receivers recovering from an outage are not hit by
 * every sender at the same instant.
 */
export function retryDelayMs(
  failures: number,
  policy: Pick<DeliveryPolicy, 'backoffBaseMs' | 'backoffMaxMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, failures - 1));
  return Math.floor(random() * ceiling);
}
