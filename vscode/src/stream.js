// Streams a file into the webview in chunks, with acknowledgements as back-pressure, so an image
// archive of any size never sits whole in the extension host's memory nor in the webview's.
// The protocol (both directions) is documented in vscode/README.md, "Inspect streaming protocol".
'use strict';

const fs = require('node:fs');

const CHUNK_BYTES = 1 << 20; // 1 MiB, the slice size the page's worker reads Files with
const WINDOW_BYTES = 8 << 20; // at most this much sent and not yet acknowledged

class FileStreamer {
  /**
   * @param {{id: string, name: string, size: number,
   *   read: (position: number, length: number) => Promise<Uint8Array>,
   *   post: (message: object) => unknown, close?: () => unknown,
   *   chunkBytes?: number, windowBytes?: number}} options
   */
  constructor({ id, name, size, read, post, close, chunkBytes = CHUNK_BYTES, windowBytes = WINDOW_BYTES }) {
    Object.assign(this, { id, name, size, read, post, closeSource: close, chunkBytes, windowBytes });
    this.position = 0; // next byte to send
    this.acked = 0; // everything before this is consumed by the page
    this.pumping = false;
    this.state = 'new'; // new → streaming → done | cancelled | failed
    this.endSent = false;
    /** The largest amount ever sent and not acknowledged (for tests and the log). */
    this.maxInFlight = 0;
    this.finished = new Promise((resolve) => { this.finish = resolve; });
  }

  start() {
    this.state = 'streaming';
    this.post({ type: 'inspect-begin', id: this.id, name: this.name, size: this.size, chunkBytes: this.chunkBytes, windowBytes: this.windowBytes });
    this.pump();
    return this.finished;
  }

  /** A message from the webview that may be for this stream. Returns whether it was. */
  onMessage(message) {
    if (!message || message.id !== this.id || this.state !== 'streaming') return false;
    switch (message.type) {
      case 'inspect-ack':
        if (Number.isSafeInteger(message.offset) && message.offset > this.acked) {
          this.acked = Math.min(message.offset, this.size);
          if (this.acked >= this.size && this.position >= this.size) this.stop('done');
          else this.pump();
        }
        return true;
      case 'inspect-seek':
        if (Number.isSafeInteger(message.offset) && message.offset >= 0 && message.offset <= this.size) {
          // Chunks already posted for the old position are the page's to drop (their offsets say
          // where they belong); the window starts afresh here.
          this.position = message.offset;
          this.acked = message.offset;
          this.endSent = false;
          this.pump();
        }
        return true;
      case 'inspect-cancel':
        this.stop('cancelled');
        return true;
      default:
        return false;
    }
  }

  /** The webview went away. */
  dispose() {
    this.stop('cancelled');
  }

  async pump() {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.state === 'streaming' && this.position < this.size && this.position - this.acked < this.windowBytes) {
        const offset = this.position;
        const length = Math.min(this.chunkBytes, this.size - offset, this.windowBytes - (offset - this.acked));
        const bytes = await this.read(offset, length);
        if (this.state !== 'streaming' || this.position !== offset) continue; // cancelled or sought meanwhile
        if (bytes.length !== length) throw new Error(`short read at ${offset}: ${bytes.length} of ${length} bytes (the file changed?)`);
        this.position = offset + length;
        this.maxInFlight = Math.max(this.maxInFlight, this.position - this.acked);
        await this.post({ type: 'inspect-chunk', id: this.id, offset, bytes });
      }
      if (this.state === 'streaming' && this.position >= this.size && !this.endSent) {
        this.endSent = true;
        await this.post({ type: 'inspect-end', id: this.id, size: this.size });
        if (this.acked >= this.size) this.stop('done');
      }
    } catch (error) {
      if (this.state === 'streaming') {
        this.post({ type: 'inspect-error', id: this.id, message: String(error?.message ?? error) });
        this.stop('failed', error);
      }
    } finally {
      this.pumping = false;
    }
    // An ack or a seek that arrived while a read was awaited may allow more.
    if (this.state === 'streaming' && this.position < this.size && this.position - this.acked < this.windowBytes) this.pump();
  }

  stop(state, error) {
    if (this.state !== 'streaming' && this.state !== 'new') return;
    this.state = state;
    Promise.resolve(this.closeSource?.()).catch(() => {});
    this.finish({ state, error, maxInFlight: this.maxInFlight });
  }
}

/**
 * A reader of a local file by position: one open file, one fresh buffer per chunk (the chunk
 * is handed to postMessage and must not share memory with the next).
 * @param {string} path
 */
async function openFileReader(path) {
  const handle = await fs.promises.open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(position, length) {
      const bytes = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(bytes, done, length - done, position + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === length ? bytes : bytes.subarray(0, done);
    },
    close: () => handle.close(),
  };
}

module.exports = { FileStreamer, openFileReader, CHUNK_BYTES, WINDOW_BYTES };
