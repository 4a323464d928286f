// Streaming an image archive into the webview: chunks in order, at most a window unacknowledged,
// seek, cancel, errors; and the extension's "Inspect image" command with a stand-in page.
'use strict';

const { test, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { activate, tempDir } = require('../test-support/env');
const { FileStreamer, openFileReader, CHUNK_BYTES, WINDOW_BYTES } = require('../src/stream');

/** A file of `size` pseudo-random bytes. */
function makeFile(size, name = 'image.tar') {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, crypto.randomBytes(size));
  return file;
}

const sha = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Wait (event loop turns, not time) until `cond()` holds. */
async function until(cond) {
  for (let i = 0; !cond(); i++) {
    if (i > 1e6) throw new Error('never happened');
    await new Promise((r) => setImmediate(r));
  }
}

/** An in-memory source: reads resolve at once, so an idle pump means nothing more will come. */
function memory(bytes) {
  return { size: bytes.length, read: async (position, length) => new Uint8Array(bytes.subarray(position, position + length)) };
}

/**
 * A page that consumes chunks one at a time, in a later task (as a worker would), and acks
 * what it consumed. It records how much was ever outstanding.
 */
function fakePage({ onChunk } = {}) {
  const page = { received: [], ended: 0, errors: [], hash: crypto.createHash('sha256'), next: 0, stream: null, queue: [] };
  page.post = (message) => {
    if (message.type === 'inspect-chunk') {
      page.queue.push(message);
      setImmediate(() => {
        const chunk = page.queue.shift();
        // Take what is new from the chunk (after a seek, old chunks may still arrive).
        if (chunk.offset <= page.next && page.next < chunk.offset + chunk.bytes.length) {
          const fresh = chunk.bytes.subarray(page.next - chunk.offset);
          page.hash.update(fresh);
          page.next += fresh.length;
        }
        page.received.push([chunk.offset, chunk.bytes.length]);
        onChunk?.(chunk, page);
        page.stream.onMessage({ type: 'inspect-ack', id: chunk.id, offset: page.next });
      });
    } else if (message.type === 'inspect-end') page.ended++;
    else if (message.type === 'inspect-error') page.errors.push(message.message);
    else if (message.type === 'inspect-begin') page.begin = message;
  };
  return page;
}

test('a 40 MiB file arrives whole and in order, never more than the window unacknowledged', async () => {
  const size = 40 * CHUNK_BYTES + 12345;
  const file = makeFile(size);
  const source = await openFileReader(file);
  const page = fakePage();
  let closed = false;
  const stream = new FileStreamer({ id: 's1', name: 'image.tar', size: source.size, read: source.read, close: () => { closed = true; return source.close(); }, post: page.post });
  page.stream = stream;
  const result = await stream.start();
  assert.equal(result.state, 'done');
  assert.deepEqual(page.begin, { type: 'inspect-begin', id: 's1', name: 'image.tar', size, chunkBytes: CHUNK_BYTES, windowBytes: WINDOW_BYTES });
  assert.equal(page.next, size);
  assert.equal(page.hash.digest('hex'), sha(fs.readFileSync(file)));
  assert.equal(page.ended, 1);
  assert.ok(result.maxInFlight <= WINDOW_BYTES, `${result.maxInFlight} bytes were in flight`);
  assert.ok(page.received.every(([, length]) => length <= CHUNK_BYTES));
  assert.deepEqual(page.received.map(([offset]) => offset), page.received.map((_, i) => i * CHUNK_BYTES));
  assert.equal(closed, true);
});

test('without acknowledgements the stream stops at the window; each ack lets that much more go', async () => {
  const size = 20 * CHUNK_BYTES;
  const source = memory(crypto.randomBytes(size));
  const sent = [];
  const stream = new FileStreamer({ id: 's2', name: 'x.tar', size, read: source.read, post: (m) => { sent.push(m); } });
  stream.start();
  const chunks = () => sent.filter((m) => m.type === 'inspect-chunk');
  await until(() => !stream.pumping);
  assert.equal(chunks().reduce((n, m) => n + m.bytes.length, 0), WINDOW_BYTES);
  stream.onMessage({ type: 'inspect-ack', id: 's2', offset: 3 * CHUNK_BYTES });
  await until(() => !stream.pumping);
  assert.equal(chunks().length, WINDOW_BYTES / CHUNK_BYTES + 3);
  assert.equal(stream.maxInFlight, WINDOW_BYTES);
  stream.onMessage({ type: 'inspect-cancel', id: 's2' });
  assert.equal((await stream.finished).state, 'cancelled');
  // Cancelled: acks do not restart it.
  stream.onMessage({ type: 'inspect-ack', id: 's2', offset: 10 * CHUNK_BYTES });
  await until(() => !stream.pumping);
  assert.equal(chunks().length, WINDOW_BYTES / CHUNK_BYTES + 3);
});

test('seek: the page reads the end first (a tar index), then the rest', async () => {
  const size = 10 * CHUNK_BYTES + 7;
  const bytes = crypto.randomBytes(size);
  const source = memory(bytes);
  const sent = [];
  const stream = new FileStreamer({ id: 's3', name: 'x.tar', size, read: source.read, post: (m) => { sent.push(m); } });
  stream.start();
  await until(() => !stream.pumping);
  stream.onMessage({ type: 'inspect-seek', id: 's3', offset: size - 1000 });
  await until(() => !stream.pumping);
  const tail = sent.filter((m) => m.type === 'inspect-chunk' && m.offset === size - 1000);
  assert.equal(tail.length, 1);
  assert.deepEqual(Buffer.from(tail[0].bytes), bytes.subarray(size - 1000));
  assert.equal(sent.at(-1).type, 'inspect-end');
  // Back to the start: the stream goes on from there, with a fresh window.
  stream.onMessage({ type: 'inspect-seek', id: 's3', offset: 0 });
  await until(() => !stream.pumping);
  const again = sent.filter((m) => m.type === 'inspect-chunk' && m.offset === 0);
  assert.equal(again.length, 2);
  assert.deepEqual(Buffer.from(again[1].bytes), bytes.subarray(0, CHUNK_BYTES));
  stream.onMessage({ type: 'inspect-cancel', id: 's3' });
  assert.equal((await stream.finished).state, 'cancelled');
});

test('messages for another stream id, or malformed acks, change nothing', async () => {
  const stream = new FileStreamer({ id: 'mine', name: 'x', size: 10, read: async (p, n) => new Uint8Array(n), post: () => {} });
  stream.start();
  assert.equal(stream.onMessage({ type: 'inspect-ack', id: 'other', offset: 10 }), false);
  stream.onMessage({ type: 'inspect-ack', id: 'mine', offset: '10' });
  stream.onMessage({ type: 'inspect-ack', id: 'mine', offset: -5 });
  assert.equal(stream.acked, 0);
  stream.onMessage({ type: 'inspect-ack', id: 'mine', offset: 10 });
  assert.equal((await stream.finished).state, 'done');
});

test('a read error ends the stream with inspect-error', async () => {
  const sent = [];
  const stream = new FileStreamer({
    id: 'e', name: 'x', size: 3 * CHUNK_BYTES,
    read: async (position, length) => { if (position > 0) throw new Error('disk on fire'); return new Uint8Array(length); },
    post: (m) => { sent.push(m); },
  });
  const result = await stream.start();
  assert.equal(result.state, 'failed');
  assert.deepEqual(sent.map((m) => m.type), ['inspect-begin', 'inspect-chunk', 'inspect-error']);
  assert.equal(sent.at(-1).message, 'disk on fire');
});

test('a file that shrank while streaming is an error, not silent garbage', async () => {
  const sent = [];
  const stream = new FileStreamer({
    id: 'short', name: 'x', size: 100, read: async () => new Uint8Array(10), post: (m) => { sent.push(m); },
  });
  const result = await stream.start();
  assert.equal(result.state, 'failed');
  assert.match(sent.at(-1).message, /short read at 0/);
});

let env;
afterEach(() => env?.dispose());

test('"Inspect image with layerlint": waits for the page, streams the file to it, logs the result', async () => {
  env = activate();
  const file = makeFile(3 * CHUNK_BYTES + 5, 'app.tar.gz');
  const run = env.vscode.commands.executeCommand('layerlint.inspectImage', env.vscode.Uri.file(file));
  const [panel] = env.t.state.panels;
  const page = fakePage();
  page.stream = { onMessage: (m) => panel.webview.receive(m) };
  panel.webview.onPost = page.post;
  // The page starts and announces it can receive images.
  panel.webview.receive({ type: 'ready', capabilities: ['load', 'inspect-begin', 'inspect-chunk', 'inspect-end'] });
  const result = await run;
  assert.equal(result.state, 'done');
  assert.equal(page.begin.name, 'app.tar.gz');
  assert.equal(page.hash.digest('hex'), sha(fs.readFileSync(file)));
  assert.match(env.output().join('\n'), /inspect .*app\.tar\.gz: done/);
});

test('"Inspect image" tells the user when the page cannot inspect images yet', async () => {
  env = activate();
  const run = env.vscode.commands.executeCommand('layerlint.inspectImage', env.vscode.Uri.file(makeFile(10)));
  env.t.state.panels[0].webview.receive({ type: 'ready', capabilities: ['load'] });
  assert.equal(await run, null);
  assert.deepEqual(env.t.state.messages, [{ level: 'warning', message: 'layerlint: this build of the inspector page cannot inspect images yet.' }]);
  assert.equal(env.t.state.panels[0].webview.posted.length, 0);
});

test('"Inspect image" from the palette asks for a file; other files are refused', async () => {
  env = activate();
  env.t.state.openDialogResult = undefined;
  assert.equal(await env.vscode.commands.executeCommand('layerlint.inspectImage'), null);
  assert.equal(env.t.state.panels.length, 0);
  env.t.state.openDialogResult = [env.vscode.Uri.file('/work/notes.zip')];
  assert.equal(await env.vscode.commands.executeCommand('layerlint.inspectImage'), null);
  assert.match(env.t.state.messages[0].message, /\.tar, \.tar\.gz or \.tar\.zst/);
});

test('closing the panel cancels the stream', async () => {
  env = activate();
  const file = makeFile(30 * CHUNK_BYTES);
  const run = env.vscode.commands.executeCommand('layerlint.inspectImage', env.vscode.Uri.file(file));
  const [panel] = env.t.state.panels;
  // A page that never acknowledges: the stream would wait forever at its window.
  panel.webview.receive({ type: 'ready', capabilities: ['inspect-begin'] });
  const chunks = () => panel.webview.posted.filter((m) => m.type === 'inspect-chunk').length;
  await until(() => chunks() === WINDOW_BYTES / CHUNK_BYTES);
  panel.dispose();
  assert.equal((await run).state, 'cancelled');
});
