import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the body's HMAC, in GitHub's `X-Hub-Signature-256` format. */
export const SIGNATURE_HEADER = 'X-Signature-256';

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Constant-time check of a received signature header against the body (what receivers do). */
export function verifySignature(body: string, secret: string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signBody(body, secret));
  const received = Buffer.from(header);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
