//! The shell parser over every shell-form RUN of the 300 real Dockerfiles: no panic, and the
//! grammar (not the fallback) reads nearly all of them.

use layerlint_tests::{read_text, real_dockerfiles, shared_or_skip};

#[test]
fn reads_every_run_command_of_the_corpus() {
    let shared = shared_or_skip!();
    let (mut runs, mut parsed, mut commands) = (0, 0, 0);
    let mut rejected = Vec::new();
    for (key, path) in real_dockerfiles(&shared) {
        let text = read_text(&path);
        if is_windows(&text) {
            continue; // PowerShell and cmd are not sh: the rules do not read them as sh either
        }
        let file = layerlint::syntax::parse(&text);
        for inst in file
            .instructions
            .iter()
            .filter(|i| i.kind == layerlint::syntax::Kind::Run)
        {
            // Exec form and heredocs are read elsewhere.
            let Some(shell) = inst.shell_command().filter(|_| inst.heredocs.is_empty()) else {
                continue;
            };
            let script = shell.text;
            runs += 1;
            let s = layerlint::shell::parse(script);
            commands += s.commands.len();
            if s.parsed {
                parsed += 1;
            } else {
                rejected.push(format!("{key}:{}", inst.span.start.line));
            }
        }
    }
    eprintln!(
        "{parsed}/{runs} RUNs parsed by the grammar, {commands} commands; fallback: {rejected:?}"
    );
    assert!(
        runs > 1000,
        "the corpus has well over 1000 RUNs, saw {runs}"
    );
    // Known grammar gap: brush-parser rejects `case … esac` inside `$( )` (ollama's Dockerfile,
    // twice); the fallback still finds those commands.
    assert!(rejected.len() <= 2, "grammar rejected {rejected:?}");
}

/// Windows images run RUN with cmd or PowerShell.
fn is_windows(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    [
        "powershell",
        "windows",
        "nanoserver",
        "servercore",
        "cmd /s /c",
    ]
    .iter()
    .any(|w| t.contains(w))
}
