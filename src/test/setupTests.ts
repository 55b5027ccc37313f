import '@testing-library/jest-dom';
import { TextDecoder, TextEncoder } from 'node:util';

// jsdom lacks these browser APIs that @grafana/ui components use.
Object.assign(globalThis, { TextEncoder, TextDecoder });

class NoopObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): [] {
    return [];
  }
}
Object.assign(window, { IntersectionObserver: NoopObserver, ResizeObserver: NoopObserver });

window.matchMedia ??= (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }) as MediaQueryList;

// Combobox measures text on a canvas.
HTMLCanvasElement.prototype.getContext = (() => ({ measureText: () => ({ width: 0 }) })) as never;

// Grafana's icons load their SVG asynchronously; the resulting act() warnings say nothing about our code.
const consoleError = console.error;
console.error = (...args: unknown[]) => {
  if (
    typeof args[0] === 'string' &&
    args[0].includes('not wrapped in act') &&
    String(args[1]).includes('InlineSVG')
  )
    return;
  consoleError(...args);
};
