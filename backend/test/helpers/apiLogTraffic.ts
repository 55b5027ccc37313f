import { Rng } from '../../src/core/rng';
import type { Row } from '../../src/encoding/featureEncoder';

/**
 * The API-log example of anomaly-api.md, on realistic training sets: hundreds of requests with
 * lognormal response times (~100 ms) and sizes (~1 KB), mostly GET/POST, a handful of browsers.
 */
export const schema = { response_time_ms: 'numeric', bytes: 'numeric', method: 'label', user_agent: 'hash' };
export const attack = { response_time_ms: 9000, bytes: 500000, method: 'DELETE', user_agent: 'sqlmap/1.0' };
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Edg/120.0',
];
export const normal = { response_time_ms: 104, bytes: 1100, method: 'GET', user_agent: AGENTS[0] };

export function traffic(seed: number, n: number): Row[] {
  const rng = new Rng(seed);
  const gauss = (): number =>
    Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  return Array.from({ length: n }, () => {
    const u = rng.nextFloat();
    return {
      response_time_ms: Math.round(100 * Math.exp(0.6 * gauss())),
      bytes: Math.round(1024 * Math.exp(0.8 * gauss())),
      method: u < 0.7 ? 'GET' : u < 0.95 ? 'POST' : 'PUT',
      user_agent: AGENTS[rng.nextInt(AGENTS.length)],
    };
  });
}
