// The one way the page changes the Dockerfile's text. In a browser tab the page's editor holds the
// text, so it is set there. In VS Code the document in the editor holds it: a change goes to the
// extension as a message, which applies it to the document (undoable there) and sends the new text
// back as `load`; the page's copy is never changed here. The editor only needs `text` and
// `setReadOnly`, so it can be swapped (see vscode/README.md, "Messages").
import { host } from './host.js';

let editor = null;

/** The page's editor: `{text, setReadOnly(flag)}`. Read-only in VS Code (type in VS Code's editor). */
export function attachEditor(pageEditor) {
  editor = pageEditor;
  editor.setReadOnly(host.inVsCode);
}

/**
 * Replace the Dockerfile's text with `newText`; `why` names the control (`fix`, `fix-all`, `clear`)
 * for the extension's log. In VS Code the text the page shows changes only when `load` comes back.
 */
export function replaceText(newText, why) {
  if (!host.inVsCode) {
    editor.text = newText;
    return;
  }
  const loaded = host.loaded; // no document followed: nothing to change
  if (loaded && newText !== loaded.text) host.post({ type: 'edit', text: newText, version: loaded.version, why });
}

/**
 * Show `text` as another Dockerfile (Example, Open…, a dropped file; `name` for the title). In VS
 * Code that opens a new untitled Dockerfile beside, which the page then follows: never the
 * user's file overwritten.
 */
export function openText(text, name) {
  if (host.inVsCode) host.post({ type: 'open', text, name: String(name ?? '') });
  else editor.text = text;
}
