// The inspector webview: the layerlint page (site/, built into media/site/) with its resource
// URLs rewritten to webview URIs and a strict CSP with a nonce; and the messages between it and
// the extension (see vscode/README.md, "Messages").
'use strict';

const vscode = require('vscode');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { FileStreamer, openFileReader } = require('./stream');
const { spanToRange } = require('./positions');
const { minimalEdit, workspaceEdit } = require('./actions');

const SITE_DIR = path.join(__dirname, '..', 'media', 'site');
/** How long to wait for the page to say it is ready before giving up on a request. */
const READY_TIMEOUT_MS = 20000;
/** Quiet time after the last change of the followed document before the page gets it. */
const FOLLOW_DEBOUNCE_MS = 200;

/**
 * The webview's Content-Security-Policy: nothing but the extension's own resources; scripts
 * need the nonce (module imports inherit it) or to be extension resources (a module worker
 * made from a blob: URL imports the page's modules by URL, and carries no nonce);
 * 'wasm-unsafe-eval' compiles the linter; workers only from blob: (workers loaded from webview
 * resource URLs fail in VS Code); fetch only of extension resources (the .wasm).
 */
function contentSecurityPolicy({ cspSource, nonce }) {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${cspSource} 'wasm-unsafe-eval'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `connect-src ${cspSource}`,
    'worker-src blob:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The page's index.html made into the webview's HTML: its own CSP replaced by the webview's,
 * every relative `src`/`href` turned into a webview resource URI, and the nonce on every
 * script tag.
 * @param {{html: string, resource: (relativePath: string) => string, cspSource: string, nonce: string}} options
 */
function renderHtml({ html, resource, cspSource, nonce }) {
  const csp = contentSecurityPolicy({ cspSource, nonce });
  let out = html.replace(/\s*<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>/gi, '');
  out = out.replace(/<head>/i, `<head>\n  <meta http-equiv="Content-Security-Policy" content="${csp}">`);
  out = out.replace(/\s(src|href)=(["'])([^"']*)\2/gi, (whole, attr, quote, value) => (
    isRelative(value) ? ` ${attr}=${quote}${resource(value)}${quote}` : whole
  ));
  out = out.replace(/<script\b/gi, `<script nonce="${nonce}"`);
  return out;
}

/** A relative URL: not a fragment, not absolute, not scheme-relative, not root-relative. */
function isRelative(url) {
  return url !== '' && !/^(#|[a-z][a-z0-9+.-]*:|\/)/i.test(url);
}

function newNonce() {
  return crypto.randomBytes(18).toString('base64');
}

/**
 * The HTML for a webview: reads media/site/index.html and renders it for this webview.
 * @param {import('vscode').Webview} webview
 * @param {import('vscode').Uri} siteUri the folder media/site inside the extension
 */
function htmlFor(webview, siteUri) {
  const html = fs.readFileSync(path.join(SITE_DIR, 'index.html'), 'utf8');
  return renderHtml({
    html,
    resource: (relative) => {
      const [file, rest = ''] = relative.split(/(?=[?#])/);
      return webview.asWebviewUri(vscode.Uri.joinPath(siteUri, ...file.split('/'))).toString() + rest;
    },
    cspSource: webview.cspSource,
    nonce: newNonce(),
  });
}

/**
 * The one inspector panel. It follows a Dockerfile: shows its text (and config) and keeps it
 * in step as it changes; a finding clicked in the page reveals the span in that document.
 */
class InspectorPanel {
  /**
   * @param {import('vscode').ExtensionContext} context
   * @param {{configFor: (uri: import('vscode').Uri) => Promise<object>, log: (line: string) => void}} host
   */
  constructor(context, host) {
    this.context = context;
    this.host = host;
    this.siteUri = vscode.Uri.joinPath(context.extensionUri, 'media', 'site');
    this.panel = vscode.window.createWebviewPanel('layerlint.inspector', 'layerlint', {
      viewColumn: vscode.ViewColumn.Beside, preserveFocus: true,
    }, {
      enableScripts: true,
      enableForms: false,
      retainContextWhenHidden: true, // a stream in flight must survive the tab being hidden
      localResourceRoots: [this.siteUri],
    });
    this.panel.iconPath = vscode.Uri.joinPath(this.siteUri, 'favicon.svg');
    /** @type {import('vscode').TextDocument | null} */
    this.document = null;
    this.capabilities = [];
    this.streams = new Map();
    this.readyWaiters = [];
    this.isReady = false;
    this.disposables = [
      this.panel.webview.onDidReceiveMessage((message) => this.onMessage(message)),
      this.panel.onDidDispose(() => this.dispose()),
    ];
    this.disposed = false;
    /** Set by the owner: called once the panel is closed. */
    this.onDidDispose = null;
    this.panel.webview.html = htmlFor(this.panel.webview, this.siteUri);
  }

  reveal() {
    this.panel.reveal(undefined, true);
  }

  /** Follow this document: show it now (as soon as the page is ready) and after each change. */
  async show(document) {
    this.document = document;
    this.panel.title = `layerlint: ${path.posix.basename(document.uri.path) || 'Dockerfile'}`;
    await this.sendDocument();
  }

  /** Called on every document change by the extension; pushes the followed one, debounced. */
  documentChanged(document) {
    if (!this.document || document.uri.toString() !== this.document.uri.toString()) return;
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => this.sendDocument(), FOLLOW_DEBOUNCE_MS);
  }

  async sendDocument() {
    const document = this.document;
    if (!document) return;
    if (!(await this.ready())) {
      // The page took longer than READY_TIMEOUT_MS (a loaded machine): send it on `ready`.
      this.unsentDocument = true;
      return;
    }
    const config = await this.host.configFor(document.uri);
    if (document !== this.document) return;
    await this.panel.webview.postMessage({
      type: 'load',
      text: document.getText(),
      path: document.uri.path,
      version: document.version,
      config,
    });
  }

  /** Resolves true once the page has said `ready`, false if it does not in time. */
  ready() {
    if (this.isReady) return Promise.resolve(true);
    if (this.disposed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      this.readyWaiters.push((ready) => { clearTimeout(timer); resolve(ready); });
    });
  }

  async onMessage(message) {
    if (!message || typeof message.type !== 'string') return;
    switch (message.type) {
      case 'ready': {
        // Also after the page reloaded: send the document again.
        this.capabilities = Array.isArray(message.capabilities) ? message.capabilities : [];
        const first = !this.isReady;
        this.isReady = true;
        for (const wake of this.readyWaiters.splice(0)) wake(true);
        if (!first || this.unsentDocument) {
          this.unsentDocument = false;
          this.sendDocument();
        }
        break;
      }
      case 'reveal':
        await this.revealSpan(message.span);
        break;
      case 'edit':
        await this.applyPageEdit(message);
        break;
      case 'open':
        await this.openPageText(message);
        break;
      case 'inspect-ack':
      case 'inspect-seek':
      case 'inspect-cancel':
        this.streams.get(message.id)?.onMessage(message);
        break;
      default:
        this.host.log(`webview: unknown message ${JSON.stringify(message.type)}`);
    }
  }

  /**
   * The page changed the text (Apply fix, Fix all, Clear): apply it to the followed document as
   * one undoable edit of the changed range, then send the document back. An edit made on an older
   * version than the document's is dropped (the user typed meanwhile): the page gets the current
   * text instead, and a second click works on it.
   */
  async applyPageEdit({ text, version, why }) {
    const document = this.document;
    if (!document || typeof text !== 'string') return false;
    let applied = false;
    if (document.isClosed) {
      this.host.log(`webview: ${why} not applied, ${document.uri} is closed`);
    } else if (version !== document.version) {
      this.host.log(`webview: ${why} not applied, made on version ${version} of ${document.uri}, now ${document.version}`);
    } else {
      const edit = minimalEdit(document.getText(), text);
      applied = !edit || await vscode.workspace.applyEdit(workspaceEdit(vscode, document, [edit]));
      if (!applied) this.host.log(`webview: ${why} rejected by VS Code for ${document.uri}`);
    }
    clearTimeout(this.changeTimer);
    await this.sendDocument();
    return applied;
  }

  /** The page opened a Dockerfile (Example, Open…, a dropped file): a new untitled one, followed. */
  async openPageText({ text, name }) {
    if (typeof text !== 'string') return null;
    const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: text });
    await vscode.window.showTextDocument(document, { viewColumn: this.editorColumn(document), preserveFocus: true });
    this.host.log(`webview: opened ${typeof name === 'string' && name ? name : 'a Dockerfile'} as ${document.uri}`);
    await this.show(document);
    return document;
  }

  /** The column of the editor showing `document`, else the followed one's, else the first. */
  editorColumn(document) {
    const shown = vscode.window.visibleTextEditors;
    return shown.find((e) => e.document === document)?.viewColumn
      ?? shown.find((e) => e.document === this.document)?.viewColumn
      ?? vscode.ViewColumn.One;
  }

  /** Show the followed document with the span selected, in the editor column it was in. */
  async revealSpan(span) {
    if (!this.document || !validSpan(span)) return;
    const range = this.document.validateRange(spanToRange(vscode, span));
    const editor = await vscode.window.showTextDocument(this.document, {
      viewColumn: this.editorColumn(this.document),
      selection: new vscode.Selection(range.start, range.end),
      preserveFocus: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * Stream an image archive into the page. The page must implement the receiving side (see
   * vscode/README.md); until it says so in its `ready` capabilities, this tells the user.
   * @param {import('vscode').Uri} uri a `file:` URI
   */
  async inspect(uri) {
    if (!(await this.ready())) {
      if (!this.disposed) vscode.window.showErrorMessage('layerlint: the inspector page did not start.');
      return null;
    }
    if (!this.capabilities.includes('inspect-begin')) {
      vscode.window.showWarningMessage('layerlint: this build of the inspector page cannot inspect images yet.');
      return null;
    }
    if (uri.scheme !== 'file') {
      vscode.window.showErrorMessage('layerlint: only images on the local disk can be inspected.');
      return null;
    }
    const source = await openFileReader(uri.fsPath);
    const id = newNonce();
    const stream = new FileStreamer({
      id,
      name: path.basename(uri.fsPath),
      size: source.size,
      read: source.read,
      close: source.close,
      post: (message) => this.panel.webview.postMessage(message),
    });
    this.streams.set(id, stream);
    const result = await stream.start();
    this.streams.delete(id);
    this.host.log(`inspect ${uri.fsPath}: ${result.state}${result.error ? ` (${result.error.message})` : ''}, `
      + `at most ${result.maxInFlight} bytes unacknowledged`);
    return result;
  }

  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.changeTimer);
    for (const wake of this.readyWaiters.splice(0)) wake(false);
    for (const stream of this.streams.values()) stream.dispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
    this.onDidDispose?.();
  }
}

function validSpan(span) {
  const ok = (p) => p && Number.isSafeInteger(p.line) && p.line >= 1 && Number.isSafeInteger(p.column) && p.column >= 1;
  return span && ok(span.start) && ok(span.end);
}

module.exports = { InspectorPanel, renderHtml, contentSecurityPolicy, htmlFor, isRelative };
