// Which files layerlint looks at: Dockerfiles (to lint) and image archives (to inspect).
'use strict';

/** Schemes whose documents are views of something else (diffs, output), never linted. */
const SKIPPED_SCHEMES = new Set(['git', 'gitfs', 'output', 'debug', 'vscode-scm', 'merge-conflict.conflict-diff']);

/** Names that start like a Dockerfile but are not one (BuildKit's per-Dockerfile ignore file, docs). */
const NOT_DOCKERFILE_SUFFIX = /\.(dockerignore|md|markdown|txt\.md|json|ya?ml|toml|orig|rej|bak|swp|sh|ps1|py|js|ts)$/i;

/**
 * A Dockerfile by name: `Dockerfile`, `Dockerfile.dev`, `Dockerfile-prod`, `Containerfile*`,
 * `app.dockerfile`, `app.containerfile` (case-insensitive), but not `Dockerfile.dockerignore`
 * or `Dockerfile.md`.
 * @param {string} name a base name or a path (only the last segment counts)
 */
function isDockerfileName(name) {
  const base = String(name).split(/[\\/]/).pop();
  if (/\.(dockerfile|containerfile)$/i.test(base)) return true;
  if (!/^(dockerfile|containerfile)([._-].*)?$/i.test(base)) return false;
  return !NOT_DOCKERFILE_SUFFIX.test(base);
}

/**
 * Whether layerlint lints this document: any document in the `dockerfile` language, and a
 * plain-text document with a Dockerfile's name (a name no language claimed). A Dockerfile name
 * in another language (say a `Dockerfile.j2` template someone mapped to Jinja) is left alone.
 * Diff views and output panes are never linted.
 * @param {{languageId: string, uri: {scheme: string, path: string}}} document
 */
function isDockerfileDocument(document) {
  if (SKIPPED_SCHEMES.has(document.uri.scheme)) return false;
  if (document.languageId === 'dockerfile') return true;
  return document.languageId === 'plaintext' && isDockerfileName(document.uri.path);
}

/** Image archives the explorer's "Inspect image with layerlint" accepts. */
function isImageArchiveName(name) {
  return /\.(tar|tar\.gz|tgz|tar\.zst)$/i.test(String(name));
}

module.exports = { isDockerfileName, isDockerfileDocument, isImageArchiveName };
