// The build context's `.dockerignore`, when the user gives one (dropped or opened beside the
// Dockerfile): with it the page lints through `lintInContext`, so the `.dockerignore` rules
// (LL719, LL107) run. Without one the context is unknown and they stay off. Kept for the page's
// lifetime only.
import { h, replaceChildren } from './dom.js';

/** A `.dockerignore` by name (`.dockerignore`, BuildKit's `Dockerfile.dockerignore`): its
 * content cannot tell it from a Dockerfile. */
export function isDockerignoreName(name) {
  return /(^|[./\\])dockerignore$/i.test(String(name));
}

export class BuildContext {
  constructor() {
    this.dockerignore = undefined;
    this.listeners = [];
  }

  /** Lint `text` as the page does, with the `.dockerignore` when one was given. */
  lint(api, text, config) {
    return this.dockerignore === undefined
      ? api.lint(text, config, 'Dockerfile')
      : api.lintInContext(text, config, 'Dockerfile', this.dockerignore);
  }

  set(text) {
    this.dockerignore = text;
    this.listeners.forEach((f) => f());
  }

  onChange(listener) {
    this.listeners.push(listener);
  }

  /** Show in `el` whether a `.dockerignore` is in use, with a button to drop it. */
  render(el) {
    if (this.dockerignore === undefined) {
      replaceChildren(el);
      return;
    }
    const patterns = this.dockerignore.split('\n').filter((l) => l.trim() && !l.startsWith('#')).length;
    replaceChildren(el, `With a .dockerignore of ${patterns} pattern${patterns === 1 ? '' : 's'}. `,
      h('button', { type: 'button', class: 'link', onclick: () => this.set(undefined) }, 'Forget it'));
  }
}

export const buildContext = new BuildContext();
