// Loads and compiles the wasm module once. The compiled WebAssembly.Module is kept so that
// workers can be given it by postMessage instead of fetching and compiling it again.
import init, * as layerlint from '../../pkg/layerlint.js';

const WASM_URL = new URL('../../pkg/layerlint_bg.wasm', import.meta.url);
let loading;

async function compile() {
  try {
    return await WebAssembly.compileStreaming(fetch(WASM_URL));
  } catch {
    // Static servers that do not send application/wasm make compileStreaming fail.
    const response = await fetch(WASM_URL);
    if (!response.ok) throw new Error(`cannot load ${WASM_URL.pathname}: HTTP ${response.status}`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

/** Resolves to `{ api, module }`: the wasm-bindgen exports and the compiled module. */
export function load() {
  loading ??= (async () => {
    const module = await compile();
    await init({ module_or_path: module });
    return { api: layerlint, module };
  })();
  return loading;
}
