// The `.dockerignore` rules in the editor: the workspace folder is the build context, its
// `.dockerignore` (or `<Dockerfile>.dockerignore`) is read at each lint, and a Dockerfile
// outside every folder gets neither rule.
'use strict';

const { test, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { activate, settled, tempDir } = require('../test-support/env');

const DOCKERFILE = 'FROM node:22-slim\nCOPY .env /app/\nCOPY . /app\n';

let env;
afterEach(() => env?.dispose());

/** (rule, 0-based line) of the `.dockerignore` rules' diagnostics. */
const ours = (diagnostics) => diagnostics
  .filter((d) => ['LL719', 'LL107'].includes(d.code.value))
  .map((d) => [d.code.value, d.range.start.line]);

test('the workspace folder is the build context; its .dockerignore is read at each lint', async () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'svc'));
  env = activate();
  env.t.addWorkspaceFolder(root);
  const file = path.join(root, 'svc', 'Dockerfile');
  const doc = env.t.openDocument({ path: file, text: DOCKERFILE });
  assert.deepEqual(ours(await settled(env, doc)), [['LL107', 2]]);

  fs.writeFileSync(path.join(root, '.dockerignore'), '.env\n');
  let next = env.nextDiagnostics(doc);
  doc.save();
  assert.deepEqual(ours(await next), [['LL719', 1]]);

  fs.writeFileSync(`${file}.dockerignore`, 'node_modules\n');
  next = env.nextDiagnostics(doc);
  doc.save();
  assert.deepEqual(ours(await next), [], 'the Dockerfile\'s own ignore file wins');
});

test('outside a workspace folder the context is unknown: neither rule runs', async () => {
  env = activate();
  const doc = env.t.openDocument({ path: path.join(tempDir(), 'Dockerfile'), text: DOCKERFILE });
  assert.deepEqual(ours(await settled(env, doc)), []);
});
