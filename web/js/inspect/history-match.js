// Links an image's history entries (`created_by`) to the Dockerfile instructions that made
// them. History strings come in several dialects:
//   BuildKit   RUN /bin/sh -c apt-get update # buildkit      COPY app /app # buildkit
//              RUN |2 A=1 B=2 /bin/sh -c make # buildkit      WORKDIR /app
//   classic    /bin/sh -c apt-get update                      /bin/sh -c #(nop)  CMD ["sh"]
//              |2 A=1 B=2 /bin/sh -c make                     /bin/sh -c #(nop) COPY file:3b… in /app
// Both sides are reduced to an instruction keyword and a normalised text (shell prefix, build
// args, flags, line continuations and spacing removed), then matched in order from the end:
// the final stage's instructions are the last entries of the history; earlier entries come
// from the base image.

/**
 * The instructions of a Dockerfile: `[{keyword, text, line, start, end, stage}]`, `text` being
 * the arguments with continuations joined; `start`/`end` are UTF-16 offsets of the whole
 * instruction, `stage` its 0-based stage (a FROM starts one).
 */
export function dockerfileInstructions(source) {
  const lines = source.split('\n');
  let escape = '\\';
  const directive = /^#\s*escape\s*=\s*([\\`])\s*$/i;
  for (const line of lines) {
    const m = directive.exec(line.trim());
    if (m) { escape = m[1]; continue; }
    if (!/^#\s*\w+\s*=/.test(line.trim())) break; // parser directives only at the very top
  }
  const out = [];
  let offset = 0;
  let stage = -1;
  for (let i = 0; i < lines.length;) {
    const first = lines[i];
    const start = offset;
    const trimmed = first.trim();
    if (!trimmed || trimmed.startsWith('#')) {
      offset += first.length + 1;
      i++;
      continue;
    }
    const line = i + 1;
    let text = '';
    let current = first;
    for (;;) {
      offset += lines[i].length + 1;
      i++;
      const body = current.replace(/\s+$/, '');
      if (body.endsWith(escape) && i < lines.length) {
        text += `${body.slice(0, -1)} `;
        // comment and empty lines inside a continuation are skipped, as BuildKit does
        while (i < lines.length && /^\s*(#.*)?$/.test(lines[i])) {
          offset += lines[i].length + 1;
          i++;
        }
        if (i >= lines.length) break;
        current = lines[i];
        continue;
      }
      text += body;
      break;
    }
    // heredocs (`RUN <<EOF` … `EOF`) belong to the instruction
    for (const [, dash, , word] of text.matchAll(/<<(-?)(["']?)([A-Za-z_][\w]*)\2/g)) {
      while (i < lines.length) {
        const l = lines[i];
        offset += l.length + 1;
        i++;
        text += `\n${l}`;
        if ((dash ? l.replace(/^\t+/, '') : l) === word) break;
      }
    }
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
    const keyword = m[1].toUpperCase();
    if (keyword === 'FROM') stage++;
    out.push({ keyword, text: m[2].trim(), line, start, end: Math.min(offset - 1, source.length), stage });
  }
  return out;
}

const collapse = (s) => s.replace(/\s+/g, ' ').trim();

/** The shell prefix of a classic or BuildKit RUN: `/bin/sh -c`, `/bin/bash -o pipefail -c`, … */
const SHELL = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash|zsh)(?:\s+-[a-z]+(?:\s+\w+)?)*?\s+-c\s+/;

/** `|2 A=1 B=2 ` before a RUN's command: the build args in effect. */
function stripBuildArgs(s) {
  const m = /^\|(\d+)\s+/.exec(s);
  if (!m) return s;
  let rest = s.slice(m[0].length);
  for (let n = Number(m[1]); n > 0; n--) {
    const arg = /^[A-Za-z_][\w]*=(?:"(?:[^"\\]|\\.)*"|'[^']*'|\S*)\s*/.exec(rest);
    if (!arg) break;
    rest = rest.slice(arg[0].length);
  }
  return rest;
}

/** `RUN ["a", "b"]` → `a b` */
function execForm(s) {
  if (!s.startsWith('[')) return s;
  try {
    const words = JSON.parse(s);
    return Array.isArray(words) ? words.join(' ') : s;
  } catch {
    return s;
  }
}

/** Leading `--flag=value` / `--flag` options of RUN, COPY, ADD. */
function stripFlags(s) {
  return s.replace(/^(?:--[\w-]+(?:=(?:"[^"]*"|'[^']*'|\S*))?\s+)*/, '');
}

/**
 * A history entry's `created_by` → `{keyword, text, dest}` (`dest` for COPY/ADD: the last
 * argument, which classic `file:<hash> in <dest>` entries keep), or null when empty.
 */
export function normalizeHistory(createdBy) {
  if (!createdBy) return null;
  let s = createdBy.trim().replace(/\s*# buildkit$/, '');
  let keyword = 'RUN';
  const head = /^([A-Z]+)\s+([\s\S]*)$/.exec(s);
  if (head && !s.startsWith('/')) {
    keyword = head[1];
    s = head[2];
  }
  s = stripBuildArgs(s.trim());
  const nop = /^(?:\S*sh\s+-c\s+)?#\(nop\)\s+([A-Z]+)\s*([\s\S]*)$/.exec(s);
  if (nop) {
    keyword = nop[1];
    s = nop[2];
  } else if (keyword === 'RUN') {
    s = s.replace(SHELL, '');
  }
  return describe(keyword, s);
}

/** A Dockerfile instruction → the same shape as `normalizeHistory`. */
export function normalizeInstruction({ keyword, text }) {
  return describe(keyword, text);
}

function describe(keyword, raw) {
  let text = raw.trim();
  if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') text = stripFlags(text);
  if (keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT') text = execForm(text);
  text = collapse(text.replace(/\\\n/g, ' '));
  let dest = null;
  if (keyword === 'COPY' || keyword === 'ADD') {
    const classic = /^(?:file|dir|multi):\S*\s+in\s+(\S+)/.exec(text);
    const words = execForm(text).split(' ');
    dest = (classic ? classic[1] : words[words.length - 1]).replace(/\/+$/, '') || '/';
  }
  if (keyword === 'ENV' || keyword === 'LABEL' || keyword === 'ARG') text = text.replace(/"/g, '');
  return { keyword, text, dest };
}

function same(h, d) {
  if (!h || h.keyword !== d.keyword) return false;
  if (h.text === d.text) return true;
  if (h.keyword === 'COPY' || h.keyword === 'ADD') return h.dest === d.dest;
  if (h.keyword === 'RUN') return h.text.length > 0 && d.text.length > 0 && (h.text.startsWith(d.text) || d.text.startsWith(h.text));
  // CMD/EXPOSE/… are written differently by each builder: the keyword in order is enough
  return !['ENV', 'LABEL', 'ARG', 'USER', 'WORKDIR'].includes(h.keyword);
}

/** The instructions of the final stage and of the stages it builds on (`FROM <stage>`). */
function finalChain(instructions) {
  const stages = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') stages.push({ from: ins, body: [] });
    else if (stages.length) stages[stages.length - 1].body.push(ins);
  }
  const chain = [];
  let stage = stages[stages.length - 1];
  while (stage) {
    chain.unshift(...stage.body);
    const base = stage.from.text.split(/\s+/).filter((w) => !w.startsWith('--'))[0]?.toLowerCase();
    const index = stages.indexOf(stage);
    stage = stages.slice(0, index).reverse().find((s) => {
      const as = /\s+as\s+(\S+)\s*$/i.exec(s.from.text);
      return as && as[1].toLowerCase() === base;
    });
  }
  return chain;
}

/**
 * Match history entries (the report's `history`) to instructions of `source`. Returns an array
 * as long as `history`: the matching instruction (from `dockerfileInstructions`) or null.
 */
export function matchHistory(history, source) {
  const candidates = finalChain(dockerfileInstructions(source));
  const wanted = candidates.map(normalizeInstruction);
  const out = history.map(() => null);
  let limit = candidates.length;
  for (let i = history.length - 1; i >= 0 && limit > 0; i--) {
    const h = normalizeHistory(history[i].created_by);
    for (let j = limit - 1; j >= 0; j--) {
      if (same(h, wanted[j])) {
        out[i] = candidates[j];
        limit = j;
        break;
      }
    }
  }
  return out;
}
