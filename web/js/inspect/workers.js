// Inspection workers: each is ONE blob module worker whose text is the wasm glue followed by
// worker.js, both fetched as text here on the main thread (see worker.js for why), and which is
// given the page's compiled WebAssembly.Module: no second fetch or compile. The glue and module
// are the image module's, loaded by the first inspection (the page itself only needs linting).
import { loadImage } from '../wasm.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);
let source;

async function text(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load ${url.pathname}: HTTP ${response.status}`);
  return response.text();
}

/** The blob URL of the worker's code, made once per page. */
function workerSource(glueUrl) {
  source ??= Promise.all([text(glueUrl), text(WORKER_URL)]).then(([glue, code]) =>
    URL.createObjectURL(new Blob([glue, '\n', code], { type: 'text/javascript' })));
  return source;
}

/**
 * How many workers an inspection of a File uses unless the page is told (`?workers=N`, 1–4).
 * One: measured on a 2-core machine (scripts/bench-browser.mjs), 2 workers read the 384 MB
 * archive 0–21% faster but measure decode speeds 12–50% lower, because the workers compete for
 * caches and memory bandwidth while they are timed; the start-up estimate is built on those
 * speeds, so the split is opt-in rather than the default.
 */
export function defaultWorkerCount() {
  return 1;
}

export class InspectWorker {
  /** A started worker with the wasm instantiated, ready for 'file' or 'begin'. */
  static async start() {
    const { module, glueUrl } = await loadImage();
    const url = await workerSource(glueUrl);
    const worker = new InspectWorker(new Worker(url, { type: 'module', name: 'layerlint inspect' }));
    await new Promise((resolve, reject) => {
      const off = worker.on((message) => {
        off();
        if (message.type === 'ready') resolve();
        else reject(new Error(message.message ?? 'the inspection worker did not start'));
      });
      worker.post({ type: 'init', module });
    });
    return worker;
  }

  constructor(worker) {
    this.worker = worker;
    this.listeners = new Set();
    worker.onmessage = (event) => this.emit(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.emit({ type: 'error', message: event.message || 'the inspection worker failed' });
    };
  }

  emit(message) {
    for (const listener of [...this.listeners]) listener(message);
  }

  /** `fn(message)` for each message from the worker; returns a function that stops it. */
  on(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  post(message, transfer = []) {
    this.worker.postMessage(message, transfer);
  }

  terminate() {
    this.listeners.clear();
    this.worker.terminate();
  }
}
