//! Each code against the behaviour its ShellCheck wiki page documents: what it flags, and
//! the neighbouring cases it does not.

use super::*;

fn run(script: &str, dialect: Dialect, exported: &[&str]) -> Vec<(u16, String)> {
    let options = Options { dialect, exported };
    check(script, &options)
        .into_iter()
        .map(|d| (d.code, script[d.range].to_string()))
        .collect()
}

/// (code, text under the finding) for a `sh` script with nothing exported.
fn sh(script: &str) -> Vec<(u16, String)> {
    run(script, Dialect::Sh, &[])
}

fn bash(script: &str) -> Vec<(u16, String)> {
    run(script, Dialect::Bash, &[])
}

fn only(code: u16, found: Vec<(u16, String)>) -> Vec<String> {
    found
        .into_iter()
        .filter(|(c, _)| *c == code)
        .map(|(_, t)| t)
        .collect()
}

#[test]
fn sc2086_unquoted_variables_that_may_hold_blanks() {
    assert_eq!(only(2086, sh("echo $1 ${2} \"$3\" $#")), ["$1", "${2}"]);
    // Assigned a value without blanks: no finding; from a command: may hold anything.
    assert!(only(2086, sh("v=1.2; echo $v")).is_empty());
    assert_eq!(only(2086, sh("v=$(date); echo $v")), ["$v"]);
    assert_eq!(only(2086, sh("v='a b'; echo $v")), ["$v"]);
    // Assigned only in a branch: it may be unset, and then anything.
    assert_eq!(
        only(
            2086,
            sh("if a; then v=1; fi; echo $v; w=1; a || w=2; echo $w")
        ),
        ["$v"]
    );
    assert_eq!(only(2086, sh("case $a in x) v=1 ;; esac; echo $v")), ["$v"]);
    // Exported (hadolint's ARG/ENV) variables have a value without blanks.
    assert!(only(2086, run("echo $V", Dialect::Sh, &["V"])).is_empty());
    // Never split: assignments, command names, `[[ ]]`, for lists, `${#x}`, `${x:+"$x"}`.
    let quiet = "a=$1; $1 x; export B=$1; for f in $1; do :; done; echo ${#1} ${1:+\"$1\"}";
    assert!(only(2086, bash(quiet)).is_empty(), "{:?}", bash(quiet));
    // Inside a command substitution, even a quoted one.
    assert_eq!(only(2086, sh("echo \"$(dirname $0)\"")), ["$0"]);
    assert_eq!(only(2086, sh("echo $RANDOM")), Vec::<String>::new());
}

#[test]
fn sc2046_unquoted_command_substitutions() {
    assert_eq!(
        only(
            2046,
            sh("rm $(ls) \"$(ls)\" `ls`; x=$(ls); for i in $(seq 3); do :; done")
        ),
        ["$(ls)", "`ls`"]
    );
    assert!(only(2046, sh("kill $(pgrep x); echo $(seq 3)")).is_empty());
}

/// A limit, named in the corpus parity exceptions: brush-parser rejects a `case` inside
/// `$(…)` in a word, and a script the grammar rejects gets no findings (ShellCheck reads it).
#[test]
fn grammar_rejects_case_inside_a_substitution_so_nothing_is_reported() {
    let case = "curl -o go.$(case $(uname -m) in x86_64) echo amd64 ;; esac).tgz";
    assert!(!crate::shell::parse(case).parsed);
    assert!(sh(case).is_empty());
}

#[test]
fn sc2016_expressions_in_single_quotes() {
    assert_eq!(
        only(2016, sh("echo '$HOME' '${x}' '$(id)' 'a$' '5$'")),
        ["'$HOME'", "'${x}'", "'$(id)'"]
    );
    let programs =
        "awk '{print $1}' f; sh -c 'echo $0'; perl -e '$x'; jq '.a' f; trap 'rm $f' EXIT";
    assert!(only(2016, sh(programs)).is_empty());
    // sed's own `$` (last line) is not an expansion; a shell-looking `$var` in sed is.
    assert!(only(2016, sh("sed -i '$d' f; sed '$a\\x' f")).is_empty());
    assert_eq!(only(2016, sh("sed 's/$HOME/x/' f")).len(), 1);
    assert!(only(2016, sh("PS1='$PWD> '")).is_empty());
}

#[test]
fn sc2006_backticks_everywhere() {
    assert_eq!(
        only(2006, sh("a=`id -u`; echo \"`date`\"")),
        ["`id -u`", "`date`"]
    );
    assert!(only(2006, sh("echo '`x`' $(date)")).is_empty());
    let fix = |s: &str| {
        check(
            s,
            &Options {
                dialect: Dialect::Sh,
                exported: &[],
            },
        )[0]
        .fix
        .clone()
    };
    assert_eq!(
        fix("a=`id`"),
        Some(vec![(2..3, "$(".into()), (5..6, ")".into())])
    );
    assert_eq!(
        fix("a=`echo \\`x\\``"),
        None,
        "escapes read differently in $(…)"
    );
}

#[test]
fn sc2155_declaration_masks_the_substitutions_status() {
    assert_eq!(
        only(
            2155,
            bash("export A=$(cat f); local b=\"`id`\"; export C=1; D=$(x) e")
        ),
        ["A=$(cat f)", "b=\"`id`\""]
    );
}

#[test]
fn sc2251_bang_on_a_statement_of_its_own_under_errexit() {
    assert_eq!(only(2251, sh("set -e; ! grep -q x f; echo done")), ["!"]);
    assert!(
        only(2251, sh("! grep -q x f; echo done")).is_empty(),
        "no errexit to skip"
    );
    // The last command gives the script's status; conditions and chains read it.
    assert!(only(2251, sh("set -e; echo a; ! grep -q x f")).is_empty());
    assert!(only(2251, sh("set -e; if ! grep x f; then :; fi; ! a && b; c")).is_empty());
}

#[test]
fn sc2028_escapes_echo_may_not_expand() {
    assert_eq!(
        only(
            2028,
            sh("echo 'a\\tb' \"c\\nd\" e\\nf; echo -e 'x\\ny'; echo $'p\\nq'")
        ),
        ["'a\\tb'", "\"c\\nd\""]
    );
}

#[test]
fn sc3xxx_bash_features_in_sh_only() {
    assert_eq!(only(3016, sh("[[ -v A ]] && test -v B")), ["-v", "-v"]);
    let script = "[[ -e x ]]; source f; echo -n a; b &> log; echo ${v/a/b} ${v:1:2} ${v,,} \
                  ${!v}; [ a == b ]; echo $RANDOM";
    let codes: Vec<u16> = sh(script)
        .into_iter()
        .map(|(c, _)| c)
        .filter(|c| *c >= 3000)
        .collect();
    assert_eq!(
        codes,
        [3010, 3046, 3037, 3020, 3060, 3057, 3059, 3053, 3014, 3028]
    );
    assert!(bash(script).iter().all(|(c, _)| *c < 3000));
    // `${v:-d}` is POSIX.
    assert!(sh("echo \"${v:-d}\" \"${v#x}\"")
        .iter()
        .all(|(c, _)| *c < 3000));
}

#[test]
fn pipelines_that_parse_file_names() {
    assert_eq!(
        only(2038, sh("find . -name x | xargs rm")),
        ["find . -name x"]
    );
    assert!(only(
        2038,
        sh("find . -print0 | xargs -0 rm; find . | xargs --null rm")
    )
    .is_empty());
    assert_eq!(only(2012, sh("ls -l /x | wc -l")), ["ls -l /x"]);
    assert_eq!(only(2010, sh("ls /x | grep y")), ["ls /x"]);
    assert!(only(2012, sh("ls /x")).is_empty());
}

#[test]
fn sc2164_unchecked_cd_unless_errexit() {
    assert_eq!(only(2164, sh("cd /x; make")), ["cd /x"]);
    assert_eq!(only(2164, sh("make && cd /x")), ["cd /x"]);
    assert!(only(2164, sh("cd /x && make; cd ..; if cd y; then :; fi")).is_empty());
    assert!(only(2164, sh("set -eux; cd /x; make")).is_empty());
    let fix = check(
        "cd /x",
        &Options {
            dialect: Dialect::Sh,
            exported: &[],
        },
    )[0]
    .fix
    .clone();
    assert_eq!(fix, Some(vec![(5..5, " || exit".to_string())]));
}

#[test]
fn sc2154_and_sc2153_unassigned_variables() {
    assert_eq!(
        only(2154, sh("echo \"$name\"; echo \"${other:-x}\" \"$HOME\"")),
        ["$name"]
    );
    assert!(only(
        2154,
        sh("read -r name; echo \"$name\"; for f in a; do echo \"$f\"; done")
    )
    .is_empty());
    // Upper case: from the environment, unless it looks like a misspelt known one.
    assert!(only(2153, sh("echo \"$JAVA_HOME\"")).is_empty());
    assert_eq!(
        only(
            2153,
            run("echo \"$RTTP_PROXY\"", Dialect::Sh, &["HTTP_PROXY"])
        ),
        ["$RTTP_PROXY"]
    );
}

#[test]
fn sc2035_globs_read_as_options() {
    assert_eq!(
        only(
            2035,
            sh("rm *.txt; cp ?a /x; rm -- *.txt; echo *; rm ./*.txt \"*\"")
        ),
        ["*.txt", "?a"]
    );
}

#[test]
fn sc2115_recursive_rm_of_a_variable_then_slash() {
    assert_eq!(
        only(
            2115,
            sh("rm -rf \"$dir/\"*; rm -r $d/; rm -rf \"${dir:?}/\"*; rm -rf $d/x; rm $d/")
        ),
        ["\"$dir/\"*", "$d/"]
    );
}

#[test]
fn small_codes() {
    assert_eq!(only(2196, sh("egrep x f")), ["egrep"]);
    assert_eq!(only(2116, sh("a=\"x $(echo $y/z)\"")), ["$(echo $y/z)"]);
}

#[test]
fn bad_scripts_yield_nothing_and_never_panic() {
    for s in [
        "echo $(",
        "if then",
        "echo ${",
        "`",
        "echo \"$(a \"b\" `c`)\"",
        "case",
        "((",
        "é $x `ü`",
        "$(((((((((((((((((((((((((((((((((((",
        "a=$(b=$(c=$(d=$(e=$(f=$(g=$(h=$(i=$(j)))))))))",
    ] {
        let _ = sh(s);
        let _ = bash(s);
    }
}
