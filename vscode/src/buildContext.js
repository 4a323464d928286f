// The build context of a Dockerfile in VS Code: its workspace folder (what `docker build` run
// at the folder's root sends). Its `.dockerignore` is read at each lint — BuildKit's
// `<Dockerfile>.dockerignore` beside the file first — so an edit to it applies on the next
// lint. A document outside every folder has no known context: the `.dockerignore` rules stay
// off rather than guess.
'use strict';

const path = require('node:path');

async function readText(vscode, uri) {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null; // not there
  }
}

/** `{dockerignore: text | null}` for a document, or undefined when its context is unknown. */
async function buildContext(vscode, uri) {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || uri.scheme !== 'file') return undefined;
  const own = vscode.Uri.joinPath(uri, '..', `${path.posix.basename(uri.path)}.dockerignore`);
  const dockerignore = (await readText(vscode, own))
    ?? (await readText(vscode, vscode.Uri.joinPath(folder.uri, '.dockerignore')));
  return { dockerignore };
}

module.exports = { buildContext };
