/** Thrown by readBoundedText when a body is larger than allowed; the request is already cancelled. */
export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`response body exceeds ${maxBytes} bytes`);
  }
}

/**
 * A fetch Response's body as UTF-8 text, read chunk by chunk and never more than `maxBytes`: a
 * larger body (announced by Content-Length or found while reading) cancels the stream, which
 * aborts the request, and throws BodyTooLarge. Network errors and timeouts propagate as thrown.
 */
export async function readBoundedText(response: Response, maxBytes: number): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  const announced = Number(response.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > maxBytes) {
    await body.cancel().catch(() => undefined);
    throw new BodyTooLarge(maxBytes);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
