import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

/** Open connections and the request each is serving, for a shutdown that slow clients cannot stall. */
export interface Connections {
  /**
   * Node stops enforcing the header and request deadlines once the server closes: drops connections
   * that have not delivered a request (half-sent headers), and requests whose body is still arriving
   * `requestTimeoutMs` after closing began.
   */
  sweep(closingAt: number, requestTimeoutMs: number): void;
}

export function trackConnections(server: Server): Connections {
  const sockets = new Set<Socket>();
  const serving = new Map<Socket, IncomingMessage>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      serving.delete(socket);
    });
  });
  server.on('request', (req: IncomingMessage, res) => {
    serving.set(req.socket, req);
    res.once('close', () => serving.delete(req.socket));
  });
  return {
    sweep(closingAt, requestTimeoutMs) {
      const bodyOverdue = requestTimeoutMs > 0 && Date.now() - closingAt > requestTimeoutMs;
      for (const socket of sockets) {
        const req = serving.get(socket);
        if (!req || (bodyOverdue && !req.complete)) socket.destroy();
      }
    },
  };
}

/** Starts sweeping slow connections while the server closes; returns the function that stops it. */
export function sweepWhileClosing(connections: Connections, requestTimeoutMs: number): () => void {
  const closingAt = Date.now();
  const timer = setInterval(() => connections.sweep(closingAt, requestTimeoutMs), 250);
  connections.sweep(closingAt, requestTimeoutMs);
  return () => clearInterval(timer);
}
