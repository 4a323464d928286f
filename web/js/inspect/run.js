// Runs inspections in workers: a dropped File (pulled, split over several workers and merged)
// or a pushed stream (VS Code). Everything heavy happens in the workers; the main thread only
// passes messages and merges small reports.
import { InspectWorker } from './workers.js';
import { planParts } from './parts.js';
import { Progress } from './progress.js';

/** A finished part, for the progress. */
const FINISHED = { bytes_done: 1, bytes_total: 1, layer: Infinity, layers: 0, layer_bytes_done: 0, layer_bytes_total: 0 };

/**
 * Inspect `file` with `workers` workers. Returns `{result, cancel}`: `result` resolves to the
 * inspect report `{version, images}` (rejects with an Error whose `cancelled` is true after
 * `cancel()`); `onProgress(snapshot)` follows it (see progress.js). `merge(image, part)` is the
 * main thread's wasm `mergeMeasurements` with the current advice options.
 */
export function inspectFile(file, { options = {}, workers = 1, sweepOnly = false, onProgress = () => {}, merge }) {
  const parts = sweepOnly ? [null] : planParts(workers);
  const progress = new Progress(parts.length);
  const started = [];
  let cancelled = false;

  const runPart = async (part, i) => {
    const worker = await InspectWorker.start();
    started.push(worker);
    if (cancelled) throw cancelledError();
    return new Promise((resolve, reject) => {
      worker.on((message) => {
        if (message.type === 'progress') {
          progress.update(i, message.progress);
          onProgress(progress.snapshot());
        } else if (message.type === 'done') {
          progress.update(i, FINISHED);
          onProgress(progress.snapshot());
          worker.terminate();
          resolve(message.report);
        } else if (message.type === 'error') {
          worker.terminate();
          reject(new Error(message.message));
        }
      });
      worker.post({ type: 'file', file, name: file.name, options: part ? { ...options, part } : options, sweepOnly });
    });
  };

  let stop;
  const stopped = new Promise((_, reject) => { stop = () => reject(cancelledError()); });
  const result = (async () => {
    // a terminated worker says nothing more: cancelling must end the wait itself
    const reports = await Promise.race([Promise.allSettled(parts.map(runPart)), stopped]);
    const [main, ...rest] = reports;
    if (main.status === 'rejected') throw main.reason;
    const report = main.value;
    for (const r of rest) {
      if (r.status === 'rejected') {
        for (const image of report.images) image.errors.push({ message: `measurement worker failed: ${r.reason.message}`, layer: null });
        continue;
      }
      report.images = report.images.map((image, k) => (r.value.images[k] ? merge(image, r.value.images[k]) : image));
    }
    return report;
  })();

  return {
    result,
    cancel() {
      cancelled = true;
      for (const worker of started) worker.terminate();
      stop();
    },
  };
}

function cancelledError() {
  const error = new Error('cancelled');
  error.cancelled = true;
  return error;
}

/**
 * A pushed inspection (VS Code streams the file): one worker. `begin()` resolves to the first
 * wanted range; `chunk(offset, bytes)` resolves to the next wanted `{offset, len}` or `null`
 * when the inspector needs nothing more; `fail(message)` ends it; `result` resolves to the
 * report.
 */
export async function startPushInspection({ name, size, options = {}, onProgress = () => {} }) {
  const worker = await InspectWorker.start();
  const progress = new Progress(1);
  let answer = null;
  let settle;
  const result = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  result.catch(() => {});
  worker.on((message) => {
    switch (message.type) {
      case 'progress':
        progress.update(0, message.progress);
        onProgress(progress.snapshot());
        break;
      case 'want':
        answer?.resolve(message.next);
        break;
      case 'done':
        progress.update(0, FINISHED);
        onProgress(progress.snapshot());
        answer?.resolve(null);
        worker.terminate();
        settle.resolve(message.report);
        break;
      case 'error':
        answer?.reject(new Error(message.message));
        worker.terminate();
        settle.reject(new Error(message.message));
        break;
      default:
        break;
    }
  });
  const ask = (message, transfer) => new Promise((resolve, reject) => {
    answer = { resolve, reject };
    worker.post(message, transfer);
  });
  return {
    result,
    begin: () => ask({ type: 'begin', name, size, options }),
    /** `bytes` is transferred: the caller must not keep it. */
    chunk: (offset, bytes) => ask({ type: 'chunk', offset, bytes }, [bytes.buffer]),
    fail: (message) => ask({ type: 'read-failed', message }),
    cancel() {
      worker.terminate();
      const error = cancelledError();
      answer?.reject(error);
      settle.reject(error);
    },
  };
}
