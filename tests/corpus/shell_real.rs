//! The RUN scripts of the 300 real Dockerfiles, as the rules see them (`lint::Context`: POSIX
//! shells only, heredoc bodies the shell runs included): no panic, and the grammar (not the
//! fallback) reads nearly all of them.

use layerlint::lint::{Config, Context};
use layerlint_tests::{read_text, real_dockerfiles, shared_or_skip};

#[test]
fn reads_every_run_script_of_the_corpus() {
    let shared = shared_or_skip!();
    let config = Config::default();
    let (mut scripts, mut parsed, mut commands, mut heredocs) = (0, 0, 0, 0);
    let mut rejected = Vec::new();
    for (key, path) in real_dockerfiles(&shared) {
        let file = layerlint::syntax::parse(&read_text(&path));
        let ctx = Context::new(&file, &config);
        for s in ctx.scripts() {
            scripts += 1;
            heredocs += usize::from(s.is_heredoc());
            commands += s.script.commands.len();
            if s.script.parsed {
                parsed += 1;
            } else {
                let line = file.instructions[s.instruction].span.start.line;
                rejected.push(format!("{key}:{line}"));
            }
        }
    }
    eprintln!(
        "{parsed}/{scripts} RUN scripts ({heredocs} heredocs) parsed by the grammar, \
         {commands} commands; fallback: {rejected:?}"
    );
    assert!(
        scripts > 1000,
        "the corpus has well over 1000 RUN scripts, saw {scripts}"
    );
    assert!(
        heredocs > 20,
        "heredoc bodies run by the shell are read too, saw {heredocs}"
    );
    // The fallback reads these; the grammar rightly rejects the first, a cmd script in a
    // stage `FROM $BASE` whose ARG has no default (so the Windows base cannot be seen), and
    // misses the others: brush-parser rejects `case … esac` inside `$( )` (ollama, twice).
    assert_eq!(
        rejected,
        [
            "real/containerd__containerd__integration__images__volume-copy-up__Dockerfile_windows:32",
            "real/ollama__ollama__Dockerfile:220",
            "real/ollama__ollama__Dockerfile:245"
        ]
    );
}
