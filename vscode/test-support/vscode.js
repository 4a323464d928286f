// A small hand-written stand-in for the `vscode` module: the parts of the API the extension uses,
// behaving as VS Code documents them (0-based positions in UTF-16 code units, ranges ordered,
// workspace edits applied against the document as it was), plus a `__test` face to drive it:
// open and change documents, set settings, read what the extension published.
// It is not VS Code: what it cannot show (rendering, the real webview host) is listed in
// vscode/README.md under "What is tested".
'use strict';

const fs = require('node:fs');
const nodePath = require('node:path');

// ---------------------------------------------------------------------------------------------
// Plain types

class Position {
  constructor(line, character) {
    if (line < 0 || character < 0) throw new Error(`illegal position ${line}:${character}`);
    this.line = line;
    this.character = character;
  }
  compareTo(other) {
    return this.line - other.line || this.character - other.character;
  }
  isBefore(other) { return this.compareTo(other) < 0; }
  isAfter(other) { return this.compareTo(other) > 0; }
  isEqual(other) { return this.compareTo(other) === 0; }
  isBeforeOrEqual(other) { return this.compareTo(other) <= 0; }
  isAfterOrEqual(other) { return this.compareTo(other) >= 0; }
}

class Range {
  constructor(a, b, c, d) {
    let start = a instanceof Position ? a : new Position(a, b);
    let end = a instanceof Position ? b : new Position(c, d);
    if (end.isBefore(start)) [start, end] = [end, start];
    this.start = start;
    this.end = end;
  }
  get isEmpty() { return this.start.isEqual(this.end); }
  get isSingleLine() { return this.start.line === this.end.line; }
  contains(x) {
    if (x instanceof Range) return this.contains(x.start) && this.contains(x.end);
    return x.isAfterOrEqual(this.start) && x.isBeforeOrEqual(this.end);
  }
  isEqual(other) { return this.start.isEqual(other.start) && this.end.isEqual(other.end); }
  /** As VS Code: undefined when the ranges do not touch; an empty range when they only touch. */
  intersection(other) {
    const start = this.start.isAfter(other.start) ? this.start : other.start;
    const end = this.end.isBefore(other.end) ? this.end : other.end;
    return start.isAfter(end) ? undefined : new Range(start, end);
  }
}

class Selection extends Range {
  constructor(anchor, active) {
    super(anchor, active);
    this.anchor = anchor;
    this.active = active;
  }
}

class Uri {
  constructor(scheme, authority, path, query = '', fragment = '') {
    Object.assign(this, { scheme, authority, path, query, fragment });
  }
  static file(path) {
    return new Uri('file', '', nodePath.posix.normalize(path.replace(/\\/g, '/')));
  }
  static parse(text) {
    const m = /^([a-z][a-z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/i.exec(text);
    if (!m) throw new Error(`not a URI: ${text}`);
    return new Uri(m[1], m[2] ?? '', decodeURIComponent(m[3]), m[4] ?? '', m[5] ?? '');
  }
  static joinPath(base, ...segments) {
    return base.with({ path: nodePath.posix.normalize(nodePath.posix.join(base.path, ...segments)) });
  }
  with(change) {
    return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path,
      change.query ?? this.query, change.fragment ?? this.fragment);
  }
  get fsPath() { return this.path; }
  toString() {
    const path = this.path.split('/').map(encodeURIComponent).join('/');
    return `${this.scheme}://${encodeURIComponent(this.authority)}${path}`
      + (this.query ? `?${this.query}` : '') + (this.fragment ? `#${this.fragment}` : '');
  }
  toJSON() { return this.toString(); }
}

const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 };

class Diagnostic {
  constructor(range, message, severity = DiagnosticSeverity.Error) {
    Object.assign(this, { range, message, severity });
  }
}

class CodeActionKind {
  constructor(value) { this.value = value; }
  append(part) { return new CodeActionKind(this.value ? `${this.value}.${part}` : part); }
  /** Whether `other` is this kind or a sub-kind of it. */
  contains(other) { return this.value === '' || other.value === this.value || other.value.startsWith(`${this.value}.`); }
  intersects(other) { return this.contains(other) || other.contains(this); }
}
CodeActionKind.Empty = new CodeActionKind('');
CodeActionKind.QuickFix = new CodeActionKind('quickfix');
CodeActionKind.Refactor = new CodeActionKind('refactor');
CodeActionKind.Source = new CodeActionKind('source');
CodeActionKind.SourceFixAll = new CodeActionKind('source.fixAll');
CodeActionKind.SourceOrganizeImports = new CodeActionKind('source.organizeImports');

class CodeAction {
  constructor(title, kind) { Object.assign(this, { title, kind }); }
}

class WorkspaceEdit {
  constructor() { this._edits = []; }
  replace(uri, range, newText) { this._edits.push({ uri, range, newText }); }
  insert(uri, position, newText) { this.replace(uri, new Range(position, position), newText); }
  delete(uri, range) { this.replace(uri, range, ''); }
  get size() { return new Set(this._edits.map((e) => e.uri.toString())).size; }
  entries() {
    const by = new Map();
    for (const e of this._edits) {
      const key = e.uri.toString();
      if (!by.has(key)) by.set(key, [e.uri, []]);
      by.get(key)[1].push({ range: e.range, newText: e.newText });
    }
    return [...by.values()];
  }
}

class Disposable {
  constructor(fn) { this._fn = fn; }
  static from(...items) { return new Disposable(() => items.forEach((d) => d?.dispose())); }
  dispose() { this._fn?.(); this._fn = null; }
}

class EventEmitter {
  constructor() {
    this._listeners = new Set();
    this.event = (listener, thisArg) => {
      const fn = thisArg ? listener.bind(thisArg) : listener;
      this._listeners.add(fn);
      return new Disposable(() => this._listeners.delete(fn));
    };
  }
  fire(value) { for (const fn of [...this._listeners]) fn(value); }
  dispose() { this._listeners.clear(); }
}

const ViewColumn = { Active: -1, Beside: -2, One: 1, Two: 2, Three: 3 };
const TextEditorRevealType = { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 };
const EndOfLine = { LF: 1, CRLF: 2 };

// ---------------------------------------------------------------------------------------------
// Documents and editors

class TextDocument {
  constructor(uri, languageId, text) {
    this.uri = uri;
    this.languageId = languageId;
    this.version = 1;
    this.isClosed = false;
    this.isDirty = false;
    this._text = text;
  }
  get fileName() { return this.uri.fsPath; }
  get eol() { return this._text.includes('\r\n') ? EndOfLine.CRLF : EndOfLine.LF; }
  get _starts() {
    const starts = [0];
    for (let i = this._text.indexOf('\n'); i !== -1; i = this._text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  get lineCount() { return this._starts.length; }
  lineAt(line) {
    const n = typeof line === 'number' ? line : line.line;
    const starts = this._starts;
    const end = n + 1 < starts.length ? starts[n + 1] : this._text.length;
    const text = this._text.slice(starts[n], end).replace(/\r?\n$/, '');
    return { lineNumber: n, text, range: new Range(n, 0, n, text.length) };
  }
  getText(range) {
    if (!range) return this._text;
    return this._text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
  /** As VS Code: clamped to the text; never inside a `\r\n`. */
  offsetAt(position) {
    const starts = this._starts;
    const line = Math.min(Math.max(position.line, 0), starts.length - 1);
    const lineEnd = line + 1 < starts.length ? starts[line + 1] - 1 - (this._text[starts[line + 1] - 2] === '\r' ? 1 : 0) : this._text.length;
    return Math.min(starts[line] + Math.max(position.character, 0), lineEnd);
  }
  positionAt(offset) {
    const clamped = Math.min(Math.max(offset, 0), this._text.length);
    const starts = this._starts;
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= clamped) line++;
    return this.validatePosition(new Position(line, clamped - starts[line]));
  }
  validatePosition(position) {
    const line = Math.min(Math.max(position.line, 0), this.lineCount - 1);
    const length = this.lineAt(line).text.length;
    return new Position(line, Math.min(Math.max(position.character, 0), length));
  }
  validateRange(range) {
    return new Range(this.validatePosition(range.start), this.validatePosition(range.end));
  }
  save() {
    this.isDirty = false;
    workspaceEvents.save.fire(this);
    return Promise.resolve(true);
  }
}

class TextEditor {
  constructor(document, viewColumn) {
    this.document = document;
    this.viewColumn = viewColumn;
    this.selection = new Selection(new Position(0, 0), new Position(0, 0));
    this.revealed = [];
  }
  revealRange(range, type) { this.revealed.push({ range, type }); }
}

// ---------------------------------------------------------------------------------------------
// Webviews

class Webview {
  constructor(options) {
    this.options = options;
    this.html = '';
    this.cspSource = 'https://*.vscode-cdn.net';
    this.posted = [];
    this._receive = new EventEmitter();
    this.onDidReceiveMessage = this._receive.event;
    /** Tests set this to see (and answer) what the extension posts. */
    this.onPost = null;
  }
  /** As VS Code 1.82+: `https://file+.vscode-resource.vscode-cdn.net/<path>`. */
  asWebviewUri(uri) {
    return new Uri('https', `${uri.scheme}+.vscode-resource.vscode-cdn.net`, uri.path);
  }
  postMessage(message) {
    this.posted.push(message);
    return Promise.resolve(this.onPost?.(message)).then(() => true);
  }
  /** Test face: a message from the page. */
  receive(message) { this._receive.fire(message); }
}

class WebviewPanel {
  constructor(viewType, title, showOptions, options) {
    Object.assign(this, { viewType, title, showOptions, options });
    this.webview = new Webview(options);
    this.visible = true;
    this.disposed = false;
    this._dispose = new EventEmitter();
    this.onDidDispose = this._dispose.event;
    this.revealCount = 0;
  }
  reveal() { this.revealCount++; }
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this._dispose.fire();
  }
}

// ---------------------------------------------------------------------------------------------
// The namespaces

const workspaceEvents = {
  open: new EventEmitter(), change: new EventEmitter(), save: new EventEmitter(), close: new EventEmitter(),
  configuration: new EventEmitter(), trust: new EventEmitter(),
};
const windowEvents = { activeEditor: new EventEmitter() };

const state = {
  documents: [],
  settings: {},
  folders: [],
  collections: [],
  codeActionProviders: [],
  commands: new Map(),
  panels: [],
  messages: [],
  outputs: [],
  watchers: [],
  shown: [],
  openDialogResult: undefined,
};

function settingsFor(section) {
  return {
    get(name, fallback) {
      const key = `${section}.${name}`;
      return key in state.settings ? state.settings[key] : fallback ?? DEFAULTS[key];
    },
    has(name) { return `${section}.${name}` in state.settings; },
  };
}

/** Defaults as package.json declares them (read from it, so they cannot drift). */
const DEFAULTS = (() => {
  const manifest = require('../package.json');
  return Object.fromEntries(Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [k, v.default]));
})();

function applyWorkspaceEdit(edit) {
  for (const [uri, edits] of edit.entries()) {
    const doc = state.documents.find((d) => d.uri.toString() === uri.toString());
    if (!doc) return Promise.resolve(false);
    const ordered = edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), text: e.newText }))
      .sort((a, b) => b.start - a.start);
    for (let i = 1; i < ordered.length; i++) {
      if (ordered[i].end > ordered[i - 1].start) throw new Error('overlapping edits');
    }
    let text = doc._text;
    for (const e of ordered) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    setText(doc, text);
  }
  return Promise.resolve(true);
}

function setText(doc, text) {
  doc._text = text;
  doc.version++;
  doc.isDirty = true;
  workspaceEvents.change.fire({ document: doc, contentChanges: [], reason: undefined });
}

const workspace = {
  get textDocuments() { return state.documents.filter((d) => !d.isClosed); },
  get workspaceFolders() { return state.folders.length ? state.folders : undefined; },
  isTrusted: true,
  getWorkspaceFolder(uri) {
    return state.folders.find((f) => uri.scheme === f.uri.scheme && (uri.path === f.uri.path || uri.path.startsWith(`${f.uri.path}/`)));
  },
  getConfiguration: (section) => settingsFor(section),
  onDidOpenTextDocument: workspaceEvents.open.event,
  onDidChangeTextDocument: workspaceEvents.change.event,
  onDidSaveTextDocument: workspaceEvents.save.event,
  onDidCloseTextDocument: workspaceEvents.close.event,
  onDidChangeConfiguration: workspaceEvents.configuration.event,
  onDidGrantWorkspaceTrust: workspaceEvents.trust.event,
  fs: {
    async readFile(uri) {
      if (uri.scheme !== 'file') throw new Error(`EntryNotFound (FileSystemError): ${uri}`);
      try {
        return new Uint8Array(fs.readFileSync(uri.fsPath));
      } catch {
        throw new Error(`EntryNotFound (FileSystemError): ${uri}`);
      }
    },
  },
  createFileSystemWatcher(glob) {
    const watcher = {
      glob,
      create: new EventEmitter(), change: new EventEmitter(), delete: new EventEmitter(),
      dispose() {},
    };
    watcher.onDidCreate = watcher.create.event;
    watcher.onDidChange = watcher.change.event;
    watcher.onDidDelete = watcher.delete.event;
    state.watchers.push(watcher);
    return watcher;
  },
  async openTextDocument(uri) {
    if (!(uri instanceof Uri)) {
      // `{language, content}`: a new untitled document, as VS Code makes one.
      state.untitled = (state.untitled ?? 0) + 1;
      return test.openDocument({ path: `Untitled-${state.untitled}`, text: uri?.content ?? '', languageId: uri?.language, scheme: 'untitled' });
    }
    const open = state.documents.find((d) => !d.isClosed && d.uri.toString() === uri.toString());
    if (open) return open;
    return test.openDocument({ path: uri.fsPath, text: fs.readFileSync(uri.fsPath, 'utf8') });
  },
  applyEdit: (edit) => applyWorkspaceEdit(edit),
};

const window = {
  activeTextEditor: undefined,
  visibleTextEditors: [],
  onDidChangeActiveTextEditor: windowEvents.activeEditor.event,
  createOutputChannel(name) {
    const channel = { name, lines: [], appendLine(line) { this.lines.push(line); }, append() {}, show() {}, dispose() {} };
    state.outputs.push(channel);
    return channel;
  },
  showErrorMessage: (m) => { state.messages.push({ level: 'error', message: m }); return Promise.resolve(undefined); },
  showWarningMessage: (m) => { state.messages.push({ level: 'warning', message: m }); return Promise.resolve(undefined); },
  showInformationMessage: (m) => { state.messages.push({ level: 'info', message: m }); return Promise.resolve(undefined); },
  showOpenDialog: () => Promise.resolve(state.openDialogResult),
  createWebviewPanel(viewType, title, showOptions, options) {
    const panel = new WebviewPanel(viewType, title, showOptions, options);
    state.panels.push(panel);
    return panel;
  },
  async showTextDocument(document, options = {}) {
    const column = options.viewColumn ?? ViewColumn.One;
    let editor = window.visibleTextEditors.find((e) => e.document === document && e.viewColumn === column);
    if (!editor) {
      editor = new TextEditor(document, column);
      window.visibleTextEditors.push(editor);
    }
    if (options.selection) editor.selection = new Selection(options.selection.start, options.selection.end);
    if (!options.preserveFocus) window.activeTextEditor = editor;
    state.shown.push({ document, options, editor });
    return editor;
  },
};

const languages = {
  createDiagnosticCollection(name) {
    const map = new Map();
    const changed = new EventEmitter();
    const collection = {
      name,
      /** Test face: every `set`, in order, with when it happened. */
      history: [],
      onDidSet: changed.event,
      set(uri, diagnostics) {
        map.set(uri.toString(), diagnostics ?? []);
        const entry = { uri, diagnostics: diagnostics ?? [], at: performance.now() };
        this.history.push(entry);
        changed.fire(entry);
      },
      get(uri) { return map.get(uri.toString()); },
      delete(uri) { map.delete(uri.toString()); },
      clear() { map.clear(); },
      has(uri) { return map.has(uri.toString()); },
      dispose() { map.clear(); },
    };
    state.collections.push(collection);
    return collection;
  },
  registerCodeActionsProvider(selector, provider, metadata) {
    const entry = { selector, provider, metadata };
    state.codeActionProviders.push(entry);
    return new Disposable(() => state.codeActionProviders.splice(state.codeActionProviders.indexOf(entry), 1));
  },
};

const commands = {
  registerCommand(id, fn) {
    if (state.commands.has(id)) throw new Error(`command ${id} already exists`);
    state.commands.set(id, fn);
    return new Disposable(() => state.commands.delete(id));
  },
  executeCommand(id, ...args) {
    const fn = state.commands.get(id);
    if (!fn) return Promise.reject(new Error(`command '${id}' not found`));
    return Promise.resolve(fn(...args));
  },
};

// ---------------------------------------------------------------------------------------------
// The test face

const LANGUAGE_BY_NAME = [[/(^|\/)(Dockerfile|Containerfile)([._-][^/]*)?$|\.(dockerfile|containerfile)$/i, 'dockerfile']];

const test = {
  state,
  TextDocument,
  /** Open a document (as VS Code does when a file is opened) and fire onDidOpenTextDocument. */
  openDocument({ path, text, languageId, scheme = 'file' }) {
    const uri = scheme === 'file' ? Uri.file(path) : new Uri(scheme, '', path);
    const language = languageId ?? (LANGUAGE_BY_NAME.find(([re]) => re.test(path))?.[1] ?? 'plaintext');
    const doc = new TextDocument(uri, language, text);
    state.documents.push(doc);
    workspaceEvents.open.fire(doc);
    return doc;
  },
  /** Replace a document's whole text (a user's edit): bumps its version, fires onDidChange. */
  setText,
  closeDocument(doc) {
    doc.isClosed = true;
    state.documents.splice(state.documents.indexOf(doc), 1);
    workspaceEvents.close.fire(doc);
  },
  /** Make `doc` the active editor. */
  activate(doc) {
    const editor = new TextEditor(doc, ViewColumn.One);
    window.visibleTextEditors.push(editor);
    window.activeTextEditor = editor;
    windowEvents.activeEditor.fire(editor);
    return editor;
  },
  setSettings(values) {
    Object.assign(state.settings, values);
    workspaceEvents.configuration.fire({ affectsConfiguration: (s) => Object.keys(values).some((k) => k === s || k.startsWith(`${s}.`)) });
  },
  addWorkspaceFolder(path) {
    const folder = { uri: Uri.file(path), name: nodePath.basename(path), index: state.folders.length };
    state.folders.push(folder);
    return folder;
  },
  /** An ExtensionContext for the extension in `dir`. */
  context(dir) {
    return { subscriptions: [], extensionUri: Uri.file(dir), extensionPath: dir };
  },
  /** Undo everything: documents, settings, registrations (between tests). */
  reset() {
    for (const key of ['documents', 'folders', 'collections', 'codeActionProviders', 'panels', 'messages', 'outputs', 'watchers', 'shown']) state[key].length = 0;
    state.settings = {};
    state.commands.clear();
    state.openDialogResult = undefined;
    window.activeTextEditor = undefined;
    window.visibleTextEditors.length = 0;
    workspace.isTrusted = true;
    for (const e of [...Object.values(workspaceEvents), ...Object.values(windowEvents)]) e.dispose();
  },
};

module.exports = {
  Position, Range, Selection, Uri, Diagnostic, DiagnosticSeverity, CodeAction, CodeActionKind, WorkspaceEdit,
  Disposable, EventEmitter, ViewColumn, TextEditorRevealType, EndOfLine,
  workspace, window, languages, commands,
  __test: test,
};
