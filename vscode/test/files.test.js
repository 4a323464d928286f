// File-type detection: which documents are linted, which archives can be inspected, and that
// the manifest's language contribution and context menu agree with the code.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { vscode } = require('../test-support/env');
const { isDockerfileName, isDockerfileDocument, isImageArchiveName } = require('../src/files');
const manifest = require('../package.json');

const DOCKERFILES = [
  'Dockerfile', 'dockerfile', 'Dockerfile.dev', 'Dockerfile.prod', 'Dockerfile-alpine', 'Dockerfile_test',
  'Containerfile', 'Containerfile.fedora', 'app.dockerfile', 'web.Dockerfile', 'x.containerfile',
  '/repo/services/api/Dockerfile', 'C:\\repo\\Dockerfile.win',
];
const NOT_DOCKERFILES = [
  'Dockerfile.dockerignore', 'Dockerfile.md', 'Dockerfile.yaml', '.dockerignore', 'docker-compose.yml',
  'MyDockerfile', 'Dockerfiles', 'README.md', 'Dockerfile.sh', 'Containerfile.json', 'dockerfile.d/README',
];

test('Dockerfile names', () => {
  for (const name of DOCKERFILES) assert.equal(isDockerfileName(name), true, name);
  for (const name of NOT_DOCKERFILES) assert.equal(isDockerfileName(name), false, name);
});

test('documents: the dockerfile language always, plain text only with a Dockerfile name, never diffs', () => {
  const doc = (path, languageId, scheme = 'file') => ({ languageId, uri: new vscode.Uri(scheme, '', path) });
  assert.equal(isDockerfileDocument(doc('/x/anything.txt', 'dockerfile')), true);
  assert.equal(isDockerfileDocument(doc('/x/Untitled-1', 'dockerfile', 'untitled')), true);
  assert.equal(isDockerfileDocument(doc('/x/Dockerfile.prod', 'plaintext')), true);
  assert.equal(isDockerfileDocument(doc('/x/notes.txt', 'plaintext')), false);
  assert.equal(isDockerfileDocument(doc('/x/Dockerfile.j2', 'jinja')), false);
  assert.equal(isDockerfileDocument(doc('/x/Dockerfile', 'dockerfile', 'git')), false);
  assert.equal(isDockerfileDocument(doc('/x/Dockerfile', 'dockerfile', 'output')), false);
});

test('image archives', () => {
  for (const name of ['image.tar', 'a/b/image.tar.gz', 'IMAGE.TGZ', 'layer.tar.zst']) assert.equal(isImageArchiveName(name), true, name);
  for (const name of ['image.zip', 'image.gz', 'tar', 'image.tar.xz', 'image.zst', 'Dockerfile']) assert.equal(isImageArchiveName(name), false, name);
});

/** A glob of VS Code's filenamePatterns (only `*` is used) as a regular expression. */
function glob(pattern) {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`, 'i');
}

test('every name the manifest gives the dockerfile language is one the code lints', () => {
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, 'dockerfile');
  const claimed = (name) => language.filenames.includes(name)
    || language.extensions.some((ext) => name.toLowerCase().endsWith(ext))
    || language.filenamePatterns.some((p) => glob(p).test(name));
  for (const name of DOCKERFILES.map((n) => n.split(/[\\/]/).pop())) {
    if (name === 'dockerfile') continue; // VS Code matches `filenames` case-sensitively on Linux
    assert.equal(claimed(name), true, `${name} should open as a Dockerfile`);
  }
  for (const name of ['README.md', '.dockerignore', 'docker-compose.yml', 'MyDockerfile']) {
    assert.equal(claimed(name), false, name);
  }
});

test('the explorer menu offers "Inspect image" on exactly the archives the command accepts', () => {
  const item = manifest.contributes.menus['explorer/context'].find((m) => m.command === 'layerlint.inspectImage');
  const [, source, flags] = /resourceFilename =~ \/(.+)\/([a-z]*)/.exec(item.when);
  const re = new RegExp(source, flags);
  for (const name of ['image.tar', 'image.tar.gz', 'IMAGE.TGZ', 'layer.tar.zst', 'image.zip', 'image.gz', 'image.tar.xz']) {
    assert.equal(re.test(name), isImageArchiveName(name), name);
  }
});
