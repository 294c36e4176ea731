// TensorFlow.js as the suites' peer: its wasm backend (SIMD, one thread)
// and its cpu backend, both registered here; the same file in Node and in
// the browser (bundled into each suite).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';

/** Every WebAssembly module instantiated while fn runs: {url} or {bytes}. */
async function recordWasmLoads(fn) {
  const loads = [];
  const { instantiate, instantiateStreaming } = WebAssembly;
  WebAssembly.instantiate = function (source, imports) {
    if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) loads.push({ bytes: source.byteLength });
    return instantiate.call(this, source, imports);
  };
  if (instantiateStreaming) {
    WebAssembly.instantiateStreaming = async function (source, imports) {
      const response = await source;
      loads.push({ url: response.url });
      return instantiateStreaming.call(this, response, imports);
    };
  }
  try {
    await fn();
  } finally {
    Object.assign(WebAssembly, { instantiate, instantiateStreaming });
  }
  return loads;
}

/**
 * Initialises tfjs's wasm backend on one thread. wasmPaths: where its .wasm
 * files are served (the browser; Node reads them next to the module).
 * wasmFiles: {file name: size in bytes}, to name the binary that was loaded.
 */
export async function initTfjs({ wasmPaths, wasmFiles = {} }) {
  tf.env().set('PROD', true); // only silences warnings (the "install tfjs-node" banner)
  // Node has no threaded build (tfjs#3830); a page that is not cross-origin
  // isolated has no SharedArrayBuffer. Saying so here makes it certain.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tfWasm.setThreadsCount(1);
  if (wasmPaths) tfWasm.setWasmPaths(wasmPaths);
  const loads = await recordWasmLoads(async () => {
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not initialise');
  });
  const named = loads.map(
    (l) =>
      (l.url && l.url.split('/').pop()) ??
      Object.keys(wasmFiles).find((name) => wasmFiles[name] === l.bytes) ??
      `${l.bytes} bytes`,
  );
  await tf.setBackend('cpu');
  return {
    version: tf.version_core,
    wasmVersion: tfWasm.version_wasm,
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    multithreadSupport: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
    threads: tfWasm.getThreadsCount(),
    binary: named.join(', '),
    crossOriginIsolated: globalThis.crossOriginIsolated ?? null,
  };
}
