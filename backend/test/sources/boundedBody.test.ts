import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLarge, readBoundedText } from '../../src/sources/boundedBody';

/**
 * Answers `/<n>?length=announced|chunked` with n bytes ending in a two-byte 'é' (split across
 * chunks when chunked), and `/endless` with bytes until the client hangs up.
 */
let server: Server;
let base: string;
let hungUp: () => void;
const endlessClosed = new Promise<void>((resolve) => (hungUp = resolve));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/endless') {
      res.once('close', hungUp);
      res.writeHead(200);
      const pump = (): void => {
        while (!res.destroyed && res.write(Buffer.alloc(65_536, 'a')));
        if (!res.destroyed) res.once('drain', pump);
      };
      return pump();
    }
    const size = Number(url.pathname.slice(1));
    const body = Buffer.alloc(size, 'a');
    if (size >= 2) body.set(Buffer.from('é'), size - 2); // a two-byte character at the very end
    if (url.searchParams.get('length') === 'announced') {
      res.writeHead(200, { 'content-length': size });
      res.end(body);
      return;
    }
    res.writeHead(200); // chunked: the size is known only by reading
    for (let at = 0; at < size; at += 1000) res.write(body.subarray(at, Math.min(size, at + 1000)));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const read = async (size: number, length: 'announced' | 'chunked', max: number): Promise<string> =>
  readBoundedText(await fetch(`${base}/${size}?length=${length}`), max);

describe('readBoundedText', () => {
  it.each(['announced', 'chunked'] as const)(
    'reads a body of exactly the cap (%s length), decoded as UTF-8',
    async (how) => {
      const text = await read(10_001, how, 10_001);
      expect(text.length).toBe(10_000); // 9,999 'a' and one 'é' (two bytes)
      expect(text.endsWith('aé')).toBe(true);
    },
  );

  it('reads an empty body', async () => {
    expect(await read(0, 'chunked', 10)).toBe('');
  });

  it.each(['announced', 'chunked'] as const)(
    'refuses a body one byte over the cap (%s length)',
    async (how) => {
      await expect(read(10_002, how, 10_001)).rejects.toEqual(new BodyTooLarge(10_001));
    },
  );

  it('cancels the request it refuses: the server sees the client hang up', async () => {
    const response = await fetch(`${base}/endless`);
    await expect(readBoundedText(response, 1_000_000)).rejects.toEqual(new BodyTooLarge(1_000_000));
    await endlessClosed; // settles only if the client hung up: otherwise the test times out
  });
});
