// Where a document's lint config comes from: the nearest `.layerlint.yaml` / `.hadolint.yaml`
// (from the document's folder up to its workspace folder) and the `layerlint.*` settings. The
// mapping itself is config.js; this finds, reads, caches and reports.
'use strict';

const vscode = require('vscode');
const { CONFIG_FILES, fromFile, fromSettings, merge, partition } = require('./config');

/**
 * @typedef {{config: object, notYetAccepted: object, problems: string[], unmapped: string[], file: string | null}} Resolved
 */

class WorkspaceConfig {
  /**
   * @param {(config: object) => void} probe lints with a config, throws when the linter rejects it
   * @param {(line: string) => void} log
   */
  constructor(probe, log) {
    this.probe = probe;
    this.log = log;
    /** directory uri → Promise<{name, uri, text} | null> */
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
    const fromConfigFile = found ? fromFile(found.name, found.text) : { values: {}, problems: [], unmapped: [] };
    const { config, notYetAccepted, problems } = partition(merge(fromConfigFile.values, fromUser.values), this.probe);
    const resolved = {
      config,
      notYetAccepted,
      problems: [...fromConfigFile.problems, ...fromUser.problems, ...problems],
      unmapped: fromConfigFile.unmapped,
      file: found ? found.uri.toString() : null,
    };
    this.report(resolved);
    return resolved;
  }

  /** Says once in the output channel what was not applied, and why. */
  report({ notYetAccepted, problems, unmapped, file }) {
    const from = file ? ` (config file ${file} and settings)` : ' (settings)';
    const lines = problems.map((p) => `config problem${from}: ${p}`);
    const waiting = Object.keys(notYetAccepted);
    if (waiting.length) {
      lines.push(`not applied yet${from}: ${waiting.join(', ')}: this layerlint's lint config does not accept `
        + `${waiting.length > 1 ? 'these keys' : 'this key'} yet (or misspelt): ${JSON.stringify(notYetAccepted)}`);
    }
    if (unmapped.length) lines.push(`hadolint options with no layerlint equivalent, not used: ${unmapped.join(', ')} (${file})`);
    for (const line of lines) {
      if (this.said.has(line)) continue;
      this.said.add(line);
      this.log(line);
    }
  }

  /** The nearest config file from the document's folder up to its workspace folder's root. */
  async nearestFile(uri) {
    const folder = vscode.workspace.getWorkspaceFolder(uri) ?? (uri.scheme === 'untitled' ? vscode.workspace.workspaceFolders?.[0] : undefined);
    let dir = uri.scheme === 'untitled' ? folder?.uri : vscode.Uri.joinPath(uri, '..');
    while (dir) {
      const found = await this.fileIn(dir);
      if (found) return found;
      if (!folder || dir.path === folder.uri.path || !dir.path.startsWith(folder.uri.path)) return null;
      const parent = vscode.Uri.joinPath(dir, '..');
      if (parent.path === dir.path) return null;
      dir = parent;
    }
    return null;
  }

  fileIn(dir) {
    const key = dir.toString();
    if (!this.files.has(key)) {
      this.files.set(key, (async () => {
        for (const name of CONFIG_FILES) {
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
