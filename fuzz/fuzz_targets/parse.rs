//! The parser on arbitrary bytes: no panic, no hang, the tokens print the input back and tile
//! it, every span lies in the file, and the helpers built on the tree (dump, stage graph,
//! scopes, lint) survive whatever the parser returns.

#![no_main]

use layerlint::syntax::expand::{check_syntax, Lexer, NoEnv};
use layerlint::syntax::{self, scope::Scope};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let df = syntax::parse_bytes(data);
    assert_eq!(df.print(), data, "print != input");
    let mut at = 0;
    for t in &df.tokens {
        assert_eq!(t.start, at, "tokens must tile the input");
        assert!(t.end > t.start);
        at = t.end;
    }
    assert_eq!(at, data.len());
    let len = data.len();
    for inst in &df.instructions {
        for s in [inst.span, inst.keyword_span] {
            assert!(s.start.offset <= s.end.offset && s.end.offset <= len);
            assert_eq!(df.lines.position(&df.text, s.start.offset), s.start);
        }
        for f in &inst.flags {
            assert!(f.span.end.offset <= len);
        }
        for h in &inst.heredocs {
            assert_eq!(df.slice(h.body_span), h.body);
        }
        // The quick syntax check agrees with BuildKit's full lexer.
        let lex = Lexer {
            skip_unset_env: true,
            ..Lexer::new(df.escape)
        };
        for v in inst.values() {
            assert_eq!(
                check_syntax(v, df.escape).is_ok(),
                lex.process(v, &NoEnv).is_ok(),
                "check_syntax disagrees on {v:?}"
            );
        }
        if let Some(sh) = inst.shell_command() {
            let r = sh.source_range(0..sh.text.len());
            assert!(r.start <= r.end && r.end <= len);
        }
    }
    for d in &df.diagnostics {
        assert!(d.span.start.offset <= d.span.end.offset && d.span.end.offset <= len);
    }
    let _ = syntax::dump::dump(&df);
    let graph = df.stages();
    if let Some(last) = df.instructions.len().checked_sub(1) {
        let _ = Scope::at(&df, &graph, last);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        for f in layerlint::lint::lint(text, &Default::default()) {
            assert!(f.span.end.offset <= len);
        }
    }
});
