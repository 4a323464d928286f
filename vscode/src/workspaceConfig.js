// Where a document's lint config comes from: a config file found as the CLI finds it — the
// nearest `.layerlint.y(a)ml` from the document's folder upwards, else the nearest
// `.hadolint.y(a)ml` — but never above the document's workspace folder; and the `layerlint.*`
// settings on top. The mapping itself is config.js; this finds, reads, caches and reports.
'use strict';

const vscode = require('vscode');
const { LAYERLINT_FILES, HADOLINT_FILES, fromFile, fromSettings, merge, partition, CONFIG_FILES } = require('./config');

/**
 * @typedef {{config: object, notYetAccepted: object, problems: string[], file: string | null}} Resolved
 */

class WorkspaceConfig {
  /**
   * @param {{probe: (config: object) => void, fromHadolint: (document: unknown) => object}} linter
   *   probe lints with a config and throws when the linter rejects it
   * @param {(line: string) => void} log
   */
  constructor({ probe, fromHadolint }, log) {
    this.probe = probe;
    this.fromHadolint = fromHadolint;
    this.log = log;
    /** directory uri + names → Promise<{name, uri, text} | null> */
    this.files = new Map();
    /** messages already logged, so each is said once */
    this.said = new Set();
  }

  /** Forget the config files read (one changed, or the workspace's trust did). */
  clear() {
    this.files.clear();
  }

  /**
   * The lint config for a document.
   * @param {import('vscode').Uri} uri
   * @returns {Promise<Resolved>}
   */
  async resolve(uri) {
    const settings = vscode.workspace.getConfiguration('layerlint', uri);
    const fromUser = fromSettings((name) => settings.get(name));
    const found = vscode.workspace.isTrusted === false ? null : await this.nearestFile(uri);
    const fromConfigFile = found ? fromFile(found.name, found.text, this.fromHadolint) : { values: {}, problems: [] };
    const { config, notYetAccepted, problems } = partition(merge(fromConfigFile.values, fromUser.values), this.probe);
    const resolved = {
      config,
      notYetAccepted,
      problems: [...fromConfigFile.problems, ...fromUser.problems, ...problems],
      file: found ? found.uri.toString() : null,
    };
    this.report(resolved);
    return resolved;
  }

  /** Says once in the output channel what was not applied, and why. */
  report({ notYetAccepted, problems, file }) {
    const from = file ? ` (config file ${file} and settings)` : ' (settings)';
    const lines = problems.map((p) => `config problem${from}: ${p}`);
    const waiting = Object.keys(notYetAccepted);
    if (waiting.length) {
      lines.push(`not applied${from}: ${waiting.join(', ')}: this layerlint's lint config does not accept `
        + `${waiting.length > 1 ? 'these keys' : 'this key'} (misspelt, or newer than this layerlint): ${JSON.stringify(notYetAccepted)}`);
    }
    for (const line of lines) {
      if (this.said.has(line)) continue;
      this.said.add(line);
      this.log(line);
    }
  }

  /**
   * The config file for a document: the nearest layerlint one from its folder up to its
   * workspace folder's root, else the nearest hadolint one.
   */
  async nearestFile(uri) {
    const folder = vscode.workspace.getWorkspaceFolder(uri) ?? (uri.scheme === 'untitled' ? vscode.workspace.workspaceFolders?.[0] : undefined);
    const dirs = [];
    let dir = uri.scheme === 'untitled' ? folder?.uri : vscode.Uri.joinPath(uri, '..');
    while (dir) {
      dirs.push(dir);
      if (!folder || dir.path === folder.uri.path || !dir.path.startsWith(`${folder.uri.path}/`)) break;
      const parent = vscode.Uri.joinPath(dir, '..');
      if (parent.path === dir.path) break;
      dir = parent;
    }
    for (const names of [LAYERLINT_FILES, HADOLINT_FILES]) {
      for (const d of dirs) {
        const found = await this.fileIn(d, names);
        if (found) return found;
      }
    }
    return null;
  }

  fileIn(dir, names) {
    const key = `${dir}\n${names}`;
    if (!this.files.has(key)) {
      this.files.set(key, (async () => {
        for (const name of names) {
          const file = vscode.Uri.joinPath(dir, name);
          try {
            const bytes = await vscode.workspace.fs.readFile(file);
            return { name, uri: file, text: new TextDecoder().decode(bytes) };
          } catch {
            // not there: try the next name
          }
        }
        return null;
      })());
    }
    return this.files.get(key);
  }
}

/** The glob of every config file name, for a file system watcher. */
const CONFIG_GLOB = `**/{${CONFIG_FILES.join(',')}}`;

module.exports = { WorkspaceConfig, CONFIG_GLOB };
