// The inspection worker. Not an ES module of its own: pool.js fetches this text and the wasm
// glue's text on the main thread and runs them as ONE blob module worker (glue first), so the
// worker makes no request at all (VS Code's webview refuses non-blob workers and static
// imports in them, and may not serve requests from inside a blob worker). `initSync` and
// `Inspection` below are the glue's top-level names. The compiled WebAssembly.Module arrives by
// postMessage: nothing is fetched or compiled twice.
//
// Messages in:  {type: 'init', module}
//               {type: 'file', file, name, options, sweepOnly}   pull: the File read in slices
//               {type: 'begin', name, size, options}             push (VS Code): then …
//               {type: 'chunk', offset, bytes}                   … answered by {type: 'fed', next}
//               {type: 'read-failed', message}                   the pushed stream is over
// Messages out: {type: 'ready'} | {type: 'progress', progress} | {type: 'want', next}
//               {type: 'done', report} | {type: 'error', message}
(() => {
  /** Milliseconds of work between two looks at the event loop (progress out, messages in). */
  const SLICE_MS = 100;
  let inspection = null;

  const post = (message) => postMessage(message);
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
  const want = () => inspection.want();

  function done() {
    const report = inspection.finish();
    inspection = null;
    post({ type: 'done', report });
  }

  /** Pull a File through FileReaderSync (inside the wasm), a time slice at a time. */
  async function runFile({ file, name, options, sweepOnly }) {
    inspection = new Inspection(name, file.size, options, sweepOnly);
    for (;;) {
      const finished = inspection.readFrom(file, SLICE_MS);
      post({ type: 'progress', progress: inspection.progress() });
      if (finished) break;
      await nextTask();
    }
    done();
  }

  /**
   * One pushed chunk: feed what the inspector wants from it, as long as it wants bytes inside
   * it (a tar header, then the next header a few KiB on, …), then say what it wants next.
   */
  function feedChunk({ offset, bytes }) {
    const end = offset + bytes.length;
    let w = want();
    while (w && w.offset >= offset && w.offset < end) {
      const from = w.offset - offset;
      inspection.feed(w.offset, bytes.subarray(from, from + Math.min(w.len, end - w.offset)));
      w = want();
    }
    post({ type: 'progress', progress: inspection.progress() });
    if (w) post({ type: 'want', next: w });
    else done();
  }

  /** The pushed stream cannot deliver more: every read still wanted fails, then report. */
  function failRest(message) {
    while (want()) inspection.readFailed(message);
    done();
  }

  onmessage = async ({ data }) => {
    try {
      switch (data.type) {
        case 'init':
          initSync({ module: data.module });
          post({ type: 'ready' });
          break;
        case 'file':
          await runFile(data);
          break;
        case 'begin':
          inspection = new Inspection(data.name, data.size, data.options, false);
          post({ type: 'want', next: want() });
          break;
        case 'chunk':
          if (inspection) feedChunk(data);
          break;
        case 'read-failed':
          if (inspection) failRest(data.message);
          break;
        default:
          break;
      }
    } catch (error) {
      inspection = null;
      post({ type: 'error', message: String(error?.message ?? error) });
    }
  };
})();
