//! BuildKit's parse dump (`parser.Node.Dump`, the format of its `testfiles/*/result`):
//! one `(keyword ["--flags"] "value" …)` line per instruction, values quoted as Go's
//! `strconv.Quote` does. Used by the conformance tests and `layerlint parse --format buildkit`.
//!
//! Known difference: BuildKit re-encodes each byte of a non-ASCII flag as a Latin-1 rune
//! (mojibake); the dump here shows the flag as written.

use super::gocompat::{quote, to_lower};
use super::tree::{Args, Dockerfile, Instruction};

/// The whole file, exactly as BuildKit's `result` files (trailing newline included).
pub fn dump(df: &Dockerfile) -> String {
    let mut out = String::new();
    for inst in &df.instructions {
        out.push('(');
        out.push_str(&instruction(inst));
        out.push_str(")\n");
    }
    let mut s = out.trim().to_string();
    s.push('\n');
    s
}

/// One instruction without the surrounding parentheses.
pub fn instruction(inst: &Instruction) -> String {
    let mut s = to_lower(&inst.keyword);
    if !inst.flags.is_empty() {
        s.push_str(" [");
        for (i, f) in inst.flags.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&quote(&f.word));
        }
        s.push(']');
    }
    args(&inst.args, &mut s);
    s.trim().to_string()
}

fn args(a: &Args, s: &mut String) {
    let mut value = |v: &str| {
        s.push(' ');
        s.push_str(&quote(v));
    };
    match a {
        Args::Empty => {}
        Args::Json(v) | Args::Words(v) => v.iter().for_each(|a| value(&a.value)),
        Args::Text(a) => value(&a.value),
        Args::Unknown(_) => value(""),
        Args::Pairs(p) => {
            for pair in p {
                value(&pair.key.value);
                value(&pair.value.value);
                value(if pair.equals { "=" } else { "" });
            }
        }
        Args::Health { kind, command } => {
            value(&kind.value);
            args(command, s);
        }
        Args::Onbuild(inner) => {
            s.push_str(" (");
            s.push_str(&instruction(inner));
            s.push(')');
        }
    }
}
