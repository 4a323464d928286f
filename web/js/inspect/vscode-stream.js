// The page's side of VS Code's inspect streaming protocol (vscode/README.md, "Inspect streaming
// protocol"): the extension posts the file in chunks; the worker consumes each; the page acks
// what is consumed (the back-pressure: at most the window is ever in flight), seeks when the
// inspector wants bytes elsewhere, and never keeps a chunk it has passed on.
import { host } from '../host.js';

const TYPES = ['inspect-begin', 'inspect-chunk', 'inspect-end', 'inspect-error'];
let handler = null;
const early = [];

// Registered while the modules load, so that `ready` announces them as capabilities. Messages
// that come before the page is wired wait here (unacknowledged, so at most one window of them).
for (const type of TYPES) host.on(type, (message) => (handler ? handler(message) : early.push(message)));

/**
 * Start handling streams. `view` is `{begin({name, size, cancel}) → {progress(s), done(report),
 * failed(error)}}` — the Image tab's side.
 */
export function receiveStreams(view, options = () => ({})) {
  let current = null;
  handler = (message) => {
    if (message.type === 'inspect-begin') {
      current?.cancel();
      current = new IncomingStream(message, view, options());
      current.start();
    } else if (current && message.id === current.id) {
      current.receive(message);
    }
  };
  for (const message of early.splice(0)) handler(message);
}

class IncomingStream {
  constructor({ id, name, size, windowBytes }, view, options) {
    Object.assign(this, { id, name, size, windowBytes: windowBytes || 8 << 20, options });
    this.expected = 0; // the next byte the inspector wants
    this.queue = [];
    this.busy = false;
    this.over = false;
    this.ended = false;
    this.retries = 0;
    this.ui = view.begin({ name, size, cancel: () => this.cancel() });
    this.inspection = null;
  }

  async start() {
    try {
      const { startPushInspection } = await import('./run.js');
      this.inspection = await startPushInspection({
        name: this.name, size: this.size, options: this.options,
        onProgress: (snapshot) => this.ui.progress(snapshot),
      });
      this.inspection.result.then((report) => this.ui.done(report), (error) => this.ui.failed(error));
      this.wanted(await this.inspection.begin(), 0);
      this.pump();
    } catch (error) {
      this.over = true;
      host.post({ type: 'inspect-cancel', id: this.id });
      if (!error.cancelled) this.ui.failed(error);
    }
  }

  receive(message) {
    if (this.over) return;
    if (message.type === 'inspect-chunk') {
      this.queue.push(message);
      this.pump();
    } else if (message.type === 'inspect-end') {
      this.queue.push(message);
      this.pump();
    } else if (message.type === 'inspect-error') {
      this.queue = [];
      this.over = true;
      this.inspection?.fail(message.message).catch(() => {});
    }
  }

  /** The inspector's next wanted range after the stream had delivered up to `received`. */
  wanted(next, received) {
    if (next === null) {
      this.over = true;
      this.queue = [];
      host.post({ type: 'inspect-ack', id: this.id, offset: this.size }); // the stream ends
      return;
    }
    this.expected = next.offset;
    if (next.offset < received || next.offset >= received + this.windowBytes) {
      this.queue = this.queue.filter((c) => c.type === 'inspect-chunk' && covers(c, next.offset));
      host.post({ type: 'inspect-seek', id: this.id, offset: next.offset });
    } else if (received > 0) {
      host.post({ type: 'inspect-ack', id: this.id, offset: received });
    }
  }

  async pump() {
    if (this.busy || !this.inspection) return;
    this.busy = true;
    try {
      while (this.queue.length && !this.over) {
        const message = this.queue.shift();
        if (message.type === 'inspect-end') {
          // Everything was sent, yet the inspector still waits: ask again from there.
          if (++this.retries > 3) await this.inspection.fail('the stream ended before the inspector had its bytes');
          else host.post({ type: 'inspect-seek', id: this.id, offset: this.expected });
          continue;
        }
        const { offset, bytes } = message;
        const end = offset + bytes.length;
        if (covers(message, this.expected)) {
          this.retries = 0;
          const from = this.expected - offset;
          // Transfer when the chunk owns its whole buffer, else copy the useful part.
          const own = from === 0 && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
          const part = own ? bytes : bytes.slice(from);
          this.wanted(await this.inspection.chunk(this.expected, part), end);
        } else if (end <= this.expected) {
          host.post({ type: 'inspect-ack', id: this.id, offset: end }); // skipped: consumed
        } // else: sent before a seek back; dropped
      }
    } catch (error) {
      this.over = true;
      if (!error.cancelled) host.post({ type: 'inspect-cancel', id: this.id });
    } finally {
      this.busy = false;
    }
  }

  cancel() {
    if (!this.over) host.post({ type: 'inspect-cancel', id: this.id });
    this.over = true;
    this.queue = [];
    this.inspection?.cancel();
  }
}

function covers({ offset, bytes }, at) {
  return offset <= at && at < offset + bytes.length;
}
