import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Response headers for a JSON API (helmet): nosniff, no referrer, no framing, same-origin
 * resources, and a CSP that forbids everything (no response is meant to be rendered as a page).
 * HSTS is left to whatever terminates TLS in front of the service; it speaks plain HTTP itself.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    strictTransportSecurity: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
