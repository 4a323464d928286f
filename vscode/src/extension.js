// layerlint for VS Code: diagnostics and quick fixes from the wasm linter, and the layerlint page
// in a webview. Everything runs in the extension host and the webview; nothing is downloaded.
'use strict';

const vscode = require('vscode');
const path = require('node:path');
const linter = require('./linter');
const { isDockerfileDocument, isImageArchiveName } = require('./files');
const { toDiagnostic } = require('./diagnostics');
const { codeActions, fixAllKind, minimalEdit, workspaceEdit } = require('./actions');
const { WorkspaceConfig, CONFIG_GLOB } = require('./workspaceConfig');
const { InspectorPanel } = require('./webview');

/** Quiet time after the last keystroke before linting. */
const DEBOUNCE_MS = 250;

class Layerlint {
  /** @param {import('vscode').ExtensionContext} context */
  constructor(context) {
    this.context = context;
    this.output = vscode.window.createOutputChannel('layerlint');
    this.diagnostics = vscode.languages.createDiagnosticCollection('layerlint');
    this.configs = new WorkspaceConfig({
      probe: (config) => linter.lint('', config),
      fromHadolint: (document) => linter.configFromHadolint(document),
    }, (line) => this.log(line));
    /** uri → {version, findings, config} of the last lint */
    this.linted = new Map();
    /** uri → debounce timer */
    this.timers = new Map();
    /** @type {InspectorPanel | null} */
    this.inspector = null;
    /** The last Dockerfile the user was in, for "Open inspector" from elsewhere. */
    this.lastDockerfile = null;
    /** Error messages already shown to the user. */
    this.shownErrors = new Set();
  }

  log(line) {
    this.output.appendLine(`[${new Date().toISOString()}] ${line}`);
  }

  activate() {
    const ws = vscode.workspace;
    const watcher = ws.createFileSystemWatcher(CONFIG_GLOB);
    const configFilesChanged = () => { this.configs.clear(); this.lintAll(); };
    this.context.subscriptions.push(
      this.output,
      this.diagnostics,
      watcher,
      watcher.onDidCreate(configFilesChanged),
      watcher.onDidChange(configFilesChanged),
      watcher.onDidDelete(configFilesChanged),
      ws.onDidGrantWorkspaceTrust?.(configFilesChanged) ?? { dispose() {} },
      ws.onDidOpenTextDocument((d) => this.lintNow(d)),
      ws.onDidSaveTextDocument((d) => this.lintNow(d)),
      ws.onDidChangeTextDocument((e) => this.changed(e.document)),
      ws.onDidCloseTextDocument((d) => this.forget(d)),
      ws.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('layerlint')) this.lintAll(); }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || !isDockerfileDocument(editor.document)) return;
        this.lastDockerfile = editor.document;
        // An inspector opened with no Dockerfile shows the first one the user goes to.
        if (this.inspector && !this.inspector.document) this.inspector.show(editor.document);
      }),
      vscode.languages.registerCodeActionsProvider(
        [{ language: 'dockerfile' }, { language: 'plaintext' }],
        { provideCodeActions: (document, range, context) => this.provideCodeActions(document, range, context) },
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, fixAllKind(vscode)] },
      ),
      vscode.commands.registerCommand('layerlint.fixAll', (uri) => this.fixAllCommand(uri)),
      vscode.commands.registerCommand('layerlint.openInspector', (uri) => this.openInspector(uri)),
      vscode.commands.registerCommand('layerlint.inspectImage', (uri) => this.inspectImage(uri)),
      { dispose: () => { for (const t of this.timers.values()) clearTimeout(t); this.inspector?.dispose(); } },
    );
    const active = vscode.window.activeTextEditor?.document;
    if (active && isDockerfileDocument(active)) this.lastDockerfile = active;
    this.lintAll();
  }

  lintAll() {
    for (const document of vscode.workspace.textDocuments) this.lintNow(document);
  }

  changed(document) {
    if (!isDockerfileDocument(document)) return;
    this.inspector?.documentChanged(document);
    if (vscode.workspace.getConfiguration('layerlint', document.uri).get('run') === 'onSave') return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); this.lint(document); }, DEBOUNCE_MS));
  }

  lintNow(document) {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    return this.lint(document);
  }

  forget(document) {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.linted.delete(key);
    this.diagnostics.delete(document.uri);
  }

  /** The lint config for a document (settings and the nearest config file). */
  async configFor(uri) {
    return (await this.configs.resolve(uri)).config;
  }

  /** Lint a document and publish its diagnostics; resolves to its findings (or null if skipped). */
  async lint(document) {
    if (!isDockerfileDocument(document)) return null;
    const version = document.version;
    let config;
    try {
      config = await this.configFor(document.uri);
    } catch (error) {
      this.log(`cannot read the config for ${document.uri}: ${error.message}`);
      config = {};
    }
    // A newer version or a close while the config was read: that one's lint wins.
    if (document.isClosed || document.version !== version) return null;
    const findings = this.lintText(document, config);
    this.linted.set(document.uri.toString(), { version, findings, config });
    this.diagnostics.set(document.uri, findings.map((f) => toDiagnostic(vscode, f)));
    return findings;
  }

  lintText(document, config) {
    try {
      return linter.lint(document.getText(), config, path.posix.basename(document.uri.path) || 'Dockerfile');
    } catch (error) {
      this.log(`lint failed for ${document.uri}: ${error.message}`);
      // Once per message, not on every keystroke.
      if (!this.shownErrors.has(error.message)) {
        this.shownErrors.add(error.message);
        vscode.window.showErrorMessage(`layerlint: ${error.message}`);
      }
      return [];
    }
  }

  /** Findings of the document as it is now: the last lint's if current, else a fresh lint. */
  async current(document) {
    const known = this.linted.get(document.uri.toString());
    if (known && known.version === document.version) return known;
    const findings = await this.lint(document);
    return findings ? this.linted.get(document.uri.toString()) : null;
  }

  async provideCodeActions(document, range, context) {
    if (!isDockerfileDocument(document)) return [];
    const now = await this.current(document);
    if (!now) return [];
    return codeActions(vscode, document, range, context, {
      findings: now.findings,
      lint: (text) => linter.lint(text, now.config),
      fixAll: (text) => linter.fixAll(text, now.config),
    });
  }

  async fixAllCommand(uri) {
    const document = uri instanceof vscode.Uri
      ? await vscode.workspace.openTextDocument(uri)
      : vscode.window.activeTextEditor?.document;
    if (!document || !isDockerfileDocument(document)) {
      vscode.window.showInformationMessage('layerlint: open a Dockerfile to fix.');
      return false;
    }
    const config = await this.configFor(document.uri);
    const text = document.getText();
    const edit = minimalEdit(text, linter.fixAll(text, config));
    if (!edit) return false;
    return vscode.workspace.applyEdit(workspaceEdit(vscode, document, [edit]));
  }

  /** The inspector panel, created if needed. */
  panel() {
    if (!this.inspector) {
      this.inspector = new InspectorPanel(this.context, {
        configFor: (uri) => this.configFor(uri),
        log: (line) => this.log(line),
      });
      this.inspector.onDidDispose = () => { this.inspector = null; };
    }
    return this.inspector;
  }

  /** "layerlint: Open inspector": the page with the Dockerfile (given, active, or last used). */
  async openInspector(uri) {
    let document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : null;
    const active = vscode.window.activeTextEditor?.document;
    document ??= active && isDockerfileDocument(active) ? active : this.lastDockerfile;
    if (document?.isClosed) document = null;
    const panel = this.panel();
    panel.reveal();
    if (document) await panel.show(document);
    return panel;
  }

  /** "Inspect image with layerlint": streams a `.tar`, `.tar.gz` or `.tar.zst` into the page. */
  async inspectImage(uri) {
    if (!(uri instanceof vscode.Uri)) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Inspect',
        filters: { 'Image archives': ['tar', 'gz', 'tgz', 'zst'] },
      });
      uri = picked?.[0];
      if (!uri) return null;
    }
    if (!isImageArchiveName(uri.path)) {
      vscode.window.showErrorMessage('layerlint: inspect a .tar, .tar.gz or .tar.zst image archive.');
      return null;
    }
    const panel = this.panel();
    panel.reveal();
    return panel.inspect(uri);
  }
}

/** @type {Layerlint | null} */
let instance = null;

/** @param {import('vscode').ExtensionContext} context */
function activate(context) {
  instance = new Layerlint(context);
  instance.activate();
  return instance;
}

function deactivate() {
  instance = null;
}

module.exports = { activate, deactivate, Layerlint, DEBOUNCE_MS };
