use super::*;

fn programs(script: &str) -> Vec<String> {
    parse(script)
        .commands
        .iter()
        .map(|c| c.unwrapped().program().unwrap_or("").to_string())
        .collect()
}

#[test]
fn finds_commands_behind_every_operator_and_construct() {
    let s = "apt-get update && apt-get install -y curl || true; echo a | tee b & \
             (cd /x && make) ; { rm -rf /tmp/x; } ; if test -f a; then apk add x; fi; \
             for i in 1 2; do pip install $i; done; f() { npm ci; }; while false; do yarn; done";
    assert_eq!(
        programs(s),
        [
            "apt-get", "apt-get", "true", "echo", "tee", "cd", "make", "rm", "test", "apk", "pip",
            "npm", "false", "yarn"
        ]
    );
    let script = parse(s);
    assert!(script.parsed);
    let c = &script.commands;
    assert!(c[2].position.conditional, "after ||");
    assert!(c[3].position.piped && !c[4].position.piped);
    assert!(c[4].position.background);
    assert!(c[5].position.nested, "subshell");
    assert!(c[8].position.conditional, "if condition");
    assert!(!c[9].position.conditional, "then branch");
}

#[test]
fn ranges_point_at_the_exact_command_and_words() {
    let s = "set -eux; \\\n  apt-get install --no-install-recommends -y 'curl' ";
    let script = parse(s);
    let apt = &script.commands[1];
    assert_eq!(
        &s[apt.range.clone()],
        "apt-get install --no-install-recommends -y 'curl'"
    );
    let curl = apt.words.last().unwrap();
    assert_eq!((curl.raw.as_str(), curl.value.as_str()), ("'curl'", "curl"));
    assert_eq!(&s[curl.range.clone()], "'curl'");
    assert_eq!(apt.subcommand(), Some("install"));
    assert!(apt.has_flag(&["--no-install-recommends"]));
    assert!(apt.has_flag(&["-y", "--yes"]));
}

#[test]
fn words_that_look_like_assignments_after_the_command_name_are_arguments() {
    let c = &parse("A=1 yum install --setopt tsflags=nodocs curl=7.88 && env B=2 make").commands;
    let values = |i: usize| -> Vec<&str> { c[i].words.iter().map(|w| w.value.as_str()).collect() };
    assert_eq!(c[0].assignments.len(), 1);
    assert_eq!(
        values(0),
        ["yum", "install", "--setopt", "tsflags=nodocs", "curl=7.88"]
    );
    assert_eq!(values(1), ["env", "B=2", "make"]);
    assert_eq!(c[1].unwrapped().program(), Some("make"));
}

#[test]
fn a_leading_backslash_escapes_and_is_part_of_the_word() {
    let s = "apt-get \\\"install x \\\n  \\update";
    let words: Vec<(String, String)> = parse(s).commands[0]
        .words
        .iter()
        .map(|w| (w.raw.clone(), w.value.clone()))
        .collect();
    let pairs = [
        ("apt-get", "apt-get"),
        ("\\\"install", "\"install"),
        ("x", "x"),
        ("\\update", "update"),
    ];
    assert_eq!(words, pairs.map(|(r, v)| (r.to_string(), v.to_string())));
}

#[test]
fn non_ascii_scripts_map_to_byte_offsets() {
    let s = "echo 'héllo wörld' && apk add curl";
    let apk = &parse(s).commands[1];
    assert_eq!(&s[apk.range.clone()], "apk add curl");
}

#[test]
fn sh_c_strings_and_wrappers_are_looked_into() {
    let s = r#"sudo -u root sh -c "apt-get update && apt-get install -y git""#;
    assert_eq!(programs(s), ["sh", "apt-get", "apt-get"]);
    let script = parse(s);
    let install = &script.commands[2];
    assert_eq!(&s[install.range.clone()], "apt-get install -y git");
    assert!(install.position.nested);
    assert_eq!(
        programs("env DEBIAN_FRONTEND=noninteractive nice -n 5 apt-get -y upgrade"),
        ["apt-get"]
    );
    assert_eq!(programs("timeout 10 curl -sf x"), ["curl"]);
    assert_eq!(programs("A=1 B=2 make"), ["make"]);
    assert_eq!(parse("A=1 B=2 make").commands[0].assignments.len(), 2);
    // After the program, `name=value` words are arguments.
    let pinned = &parse("apt-get install -y curl=7.88.1-10 git").commands[0];
    let args: Vec<&str> = pinned.args().iter().map(|w| w.value.as_str()).collect();
    assert_eq!(args, ["install", "-y", "curl=7.88.1-10", "git"]);
}

#[test]
fn combined_short_flags_and_long_values() {
    let c = &parse("pip install -qU --no-cache-dir=1 x").commands[0];
    assert!(c.has_flag(&["-U"]));
    assert!(c.has_flag(&["-q"]));
    assert!(c.has_flag(&["--no-cache-dir"]));
    assert!(!c.has_flag(&["-r"]));
    assert_eq!(
        c.operands().map(|w| w.value.as_str()).collect::<Vec<_>>(),
        ["install", "x"]
    );
}

#[test]
fn scripts_the_grammar_rejects_fall_back_to_operator_splitting() {
    let s = "apt-get update && echo 'unterminated ; apk add x";
    let script = parse(s);
    assert!(!script.parsed);
    assert_eq!(programs(s), ["apt-get", "echo"]);
    let s = "make ) && rm -rf /var/lib/apt/lists/*";
    let script = parse(s);
    assert!(!script.parsed);
    assert_eq!(script.commands.last().unwrap().program(), Some("rm"));
}

#[test]
fn hostile_inputs_do_not_panic_or_recurse_deeply() {
    let deep = "(".repeat(10_000) + &")".repeat(10_000);
    let _ = parse(&deep);
    let long = "a ".repeat(200_000);
    assert_eq!(parse(&long).commands.len(), 1);
    for s in [
        "", "\\", "'", "\"", "$(", "${", "&&", "|", ";;", "<<EOF", "\u{0}", "é\\", "`x",
    ] {
        let _ = parse(s);
    }
}

#[test]
fn option_values_in_every_form() {
    for script in [
        "mkdir -m 755 d",
        "mkdir --mode 755 d",
        "mkdir --mode=755 d",
        "mkdir -m755 d",
    ] {
        let c = &parse(script).commands[0];
        assert_eq!(
            option_value(c.args(), "-m", "--mode"),
            Some("755"),
            "{script}"
        );
    }
    let c = &parse("mkdir -p --modes=1 -m").commands[0];
    assert_eq!(option_value(c.args(), "-m", "--mode"), None);
}
