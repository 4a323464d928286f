// The matcher that links an image's history entries to Dockerfile instructions (the Image
// tab's "made by" links): history strings of BuildKit, the classic builder and buildah.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerfileInstructions, normalizeHistory, matchHistory } from '../../web/js/inspect/history-match.js';

test('history strings of each builder normalise to keyword and text', () => {
  const cases = [
    ['RUN /bin/sh -c apt-get update &&     apt-get install -y curl # buildkit', 'RUN', 'apt-get update && apt-get install -y curl'],
    ['RUN |2 A=1 B="x y" /bin/sh -c make $A # buildkit', 'RUN', 'make $A'],
    ['|2 A=1 B=2 /bin/sh -c make', 'RUN', 'make'],
    ['/bin/sh -c apt-get update', 'RUN', 'apt-get update'],
    ['/bin/bash -o pipefail -c curl -sL x | sh', 'RUN', 'curl -sL x | sh'],
    ['/bin/sh -c #(nop)  CMD ["sh"]', 'CMD', 'sh'],
    ['/bin/sh -c #(nop) ADD file:6fe4c5a8b6 in / ', 'ADD', 'file:6fe4c5a8b6 in /'],
    ['/bin/sh -c #(nop) WORKDIR /app', 'WORKDIR', '/app'],
    ['COPY --chown=app:app src /app/src # buildkit', 'COPY', 'src /app/src'],
    ['WORKDIR /app', 'WORKDIR', '/app'],
    ['ENV PATH=/usr/local/bin:/usr/bin', 'ENV', 'PATH=/usr/local/bin:/usr/bin'],
    ['RUN ["apt-get", "update"] # buildkit', 'RUN', 'apt-get update'],
  ];
  for (const [history, keyword, text] of cases) {
    const n = normalizeHistory(history);
    assert.deepEqual([n.keyword, n.text], [keyword, text], history);
  }
  assert.equal(normalizeHistory('/bin/sh -c #(nop) COPY dir:abc in /app/ ').dest, '/app');
  assert.equal(normalizeHistory(null), null);
});

test('instructions: continuations, comments inside them, heredocs, the escape directive', () => {
  const text = [
    '# escape=`',
    'FROM debian:12',
    'RUN apt-get update && `',
    '    # a comment inside',
    '    apt-get install -y curl',
    '',
    'COPY <<EOF /etc/motd',
    'hello',
    'EOF',
    'CMD ["sh"]',
  ].join('\n');
  const ins = dockerfileInstructions(text);
  assert.deepEqual(ins.map((i) => [i.keyword, i.line]), [['FROM', 2], ['RUN', 3], ['COPY', 7], ['CMD', 10]]);
  assert.equal(ins[1].text.replace(/\s+/g, ' '), 'apt-get update && apt-get install -y curl');
  assert.equal(text.slice(ins[1].start, ins[1].end), 'RUN apt-get update && `\n    # a comment inside\n    apt-get install -y curl');
  assert.equal(text.slice(ins[2].start, ins[2].end), 'COPY <<EOF /etc/motd\nhello\nEOF');
  assert.equal(text.slice(ins[3].start, ins[3].end), 'CMD ["sh"]');
});

test('a BuildKit history lines up with the final stage, base image entries stay unmatched', () => {
  const dockerfile = [
    'FROM golang:1.22 AS build',
    'RUN go build -o /out/app .',
    'FROM debian:12-slim',
    'ARG VERSION=1',
    'ENV APP_HOME=/app',
    'WORKDIR /app',
    'RUN apt-get update \\',
    '    && apt-get install -y ca-certificates',
    'COPY --from=build /out/app /app/app',
    'CMD ["/app/app"]',
  ].join('\n');
  const history = [
    { created_by: '/bin/sh -c #(nop) ADD file:b0f2 in / ' },
    { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
    { created_by: 'ARG VERSION=1', empty_layer: true },
    { created_by: 'ENV APP_HOME=/app', empty_layer: true },
    { created_by: 'WORKDIR /app' },
    { created_by: 'RUN |1 VERSION=1 /bin/sh -c apt-get update     && apt-get install -y ca-certificates # buildkit' },
    { created_by: 'COPY /out/app /app/app # buildkit' },
    { created_by: 'CMD ["/app/app"]', empty_layer: true },
  ];
  const lines = matchHistory(history, dockerfile).map((m) => m?.line ?? null);
  assert.deepEqual(lines, [null, null, 4, 5, 6, 7, 9, 10]);
});

test('a stage built on another stage brings its instructions; a classic history matches too', () => {
  const dockerfile = 'FROM alpine:3.20 AS base\nRUN apk add curl\nFROM base\nCOPY app /srv/app\nUSER nobody\n';
  const history = [
    { created_by: '/bin/sh -c #(nop) ADD file:1 in / ' },
    { created_by: '/bin/sh -c apk add curl' },
    { created_by: '/bin/sh -c #(nop) COPY file:9a8b in /srv/app ' },
    { created_by: '/bin/sh -c #(nop)  USER nobody', empty_layer: true },
  ];
  assert.deepEqual(matchHistory(history, dockerfile).map((m) => m?.line ?? null), [null, 2, 4, 5]);
  // a different Dockerfile matches nothing it does not contain
  assert.deepEqual(matchHistory(history, 'FROM alpine\nRUN echo other\n').map((m) => m?.line ?? null), [null, null, null, null]);
});
