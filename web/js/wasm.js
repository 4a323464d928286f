// Loads and compiles the wasm modules once each: the lint module at page load, the image module
// (codecs, archive reader, advice) only when an inspection needs it. The compiled
// WebAssembly.Module is kept so that workers can be given it by postMessage instead of fetching
// and compiling it again.
import init, * as lint from '../../pkg/layerlint.js';

const LINT_WASM = new URL('../../pkg/layerlint_bg.wasm', import.meta.url);
const IMAGE_GLUE = new URL('../../pkg/layerlint_image.js', import.meta.url);
const IMAGE_WASM = new URL('../../pkg/layerlint_image_bg.wasm', import.meta.url);
let loadingLint;
let loadingImage;

async function compile(url) {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    // Static servers that do not send application/wasm make compileStreaming fail.
    const response = await fetch(url);
    if (!response.ok) throw new Error(`cannot load ${url.pathname}: HTTP ${response.status}`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

/** The lint module: resolves to `{ api, module }`, the wasm-bindgen exports and the compiled module. */
export function load() {
  loadingLint ??= (async () => {
    const module = await compile(LINT_WASM);
    await init({ module_or_path: module });
    return { api: lint, module };
  })();
  return loadingLint;
}

/**
 * The image module (`Inspection`, `detect`, `advise`, `mergeMeasurements`): resolves to
 * `{ api, module, glueUrl }`; `glueUrl` is its glue, which the inspection workers run.
 */
export function loadImage() {
  loadingImage ??= (async () => {
    const [glue, module] = await Promise.all([import(IMAGE_GLUE.href), compile(IMAGE_WASM)]);
    await glue.default({ module_or_path: module });
    return { api: glue, module, glueUrl: IMAGE_GLUE };
  })();
  loadingImage.catch(() => { loadingImage = null; }); // a failed load may be retried
  return loadingImage;
}
