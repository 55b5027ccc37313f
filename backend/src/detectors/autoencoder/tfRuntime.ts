import path from 'node:path';
import type * as Tf from '@tensorflow/tfjs';

export type TensorflowModule = typeof Tf;

/** Optional native bindings: used when installed, never required (they cannot install everywhere). */
const NATIVE_PACKAGE = '@tensorflow/tfjs-node';

let loading: Promise<TensorflowModule> | undefined;

/**
 * TensorFlow.js, loaded on first use (so processes that never train do not pay ~0.2 s to import it)
 * and initialised once per thread: the native `tensorflow` backend when @tensorflow/tfjs-node is
 * installed, else WebAssembly, else the pure-JS `cpu` backend.
 */
export function tensorflow(): Promise<TensorflowModule> {
  loading ??= initialise();
  return loading;
}

async function initialise(): Promise<TensorflowModule> {
  const native = await importOptional(NATIVE_PACKAGE);
  const tf = await import('@tensorflow/tfjs');
  if (native && (await trySetBackend(tf, 'tensorflow'))) return tf;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // The .wasm files resolved like any module file, so the main thread, worker threads and the compiled
  // dist all find them.
  wasm.setWasmPaths(
    path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep,
  );
  if (await trySetBackend(tf, 'wasm')) return tf;
  await tf.setBackend('cpu');
  return tf;
}

async function importOptional(name: string): Promise<unknown> {
  try {
    return (await import(name)) as unknown;
  } catch {
    return undefined;
  }
}

/** setBackend, false instead of an exception when the backend is missing or fails to initialise. */
async function trySetBackend(tf: TensorflowModule, name: string): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}
