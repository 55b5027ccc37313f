/** Why a delivery failed; `permanent` failures are not retried (the receiver rejects the request). */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** Statuses worth retrying besides 5xx: timeout, too early, rate limited. */
const RETRYABLE_4XX = new Set([408, 425, 429]);
const MAX_RESPONSE_CHARS = 64 * 1024;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/**
 * One HTTP exchange for a notification channel: resolves with the (truncated) response text on a
 * 2xx, throws DeliveryFailure otherwise. Redirects are not followed (a moved receiver is a
 * configuration error), and messages name only the status or the network error code — never the
 * URL or the response body, as they end up in dead letters that the API lists.
 */
export async function request(req: HttpRequest): Promise<string> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(req.timeoutMs),
    });
  } catch (error) {
    throw new DeliveryFailure(networkReason(error));
  }
  const text = (await res.text().catch(() => '')).slice(0, MAX_RESPONSE_CHARS);
  if (res.status >= 200 && res.status < 300) return text;
  const permanent = res.status < 500 && !RETRYABLE_4XX.has(res.status);
  throw new DeliveryFailure(`HTTP ${res.status}`, permanent);
}

function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timed out';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? `network error ${cause.code}` : 'network error';
}
