//! EXPOSE ports: the protocol's casing (ExposeProtoCasing) and host addresses or ports that
//! EXPOSE ignores (ExposeInvalidFormat).

use super::vars::walk;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Fix, Severity, TextEdit};
use crate::syntax::expand::Lexer;
use crate::syntax::{Arg, Instruction, Kind};

/// A port as BuildKit reads it after expansion: `[ip:][host:]container[/proto]`.
struct PortSpec<'a> {
    raw: &'a str,
    has_ip_or_host: bool,
    proto: &'a str,
}

/// BuildKit's `splitParts` and `splitProtoPort`; `None` where BuildKit fails the build before
/// it checks anything (no port, or a protocol other than tcp, udp or sctp in any case).
fn port_spec(raw: &str) -> Option<PortSpec<'_>> {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    // With more than three parts the address is all but the last two (`[::1]:53:53`).
    let (ip, host, container) = match n {
        1 => (false, "", parts[0]),
        2 => (false, parts[0], parts[1]),
        _ => (n > 3 || !parts[0].is_empty(), parts[n - 2], parts[n - 1]),
    };
    let (port, proto) = container.split_once('/').unwrap_or((container, ""));
    if port.is_empty()
        || !matches!(
            proto.to_ascii_lowercase().as_str(),
            "" | "tcp" | "udp" | "sctp"
        )
    {
        return None;
    }
    Some(PortSpec {
        raw,
        has_ip_or_host: ip || !host.is_empty(),
        proto,
    })
}

/// Every EXPOSE port of every stage, expanded in the stage's environment (ports whose value
/// layerlint cannot know are skipped), with the argument it comes from.
fn each_port(ctx: &Context, mut visit: impl FnMut(&Instruction, &Arg, &str, bool)) {
    if !super::has(ctx, Kind::Expose) {
        return;
    }
    let lexer = Lexer::new(ctx.file.escape);
    walk(ctx, |_, _, inst, env| {
        if inst.kind != Kind::Expose {
            return;
        }
        for port in inst.as_expose().unwrap_or_default() {
            let a = port.arg;
            if !a.value.contains(['$', '"', '\'', ctx.file.escape]) {
                visit(inst, a, &a.value, true);
                continue;
            }
            let Some(e) = env.expand_certain(&lexer, &a.value) else {
                continue;
            };
            for w in &e.words {
                visit(inst, a, &w.text, false);
            }
        }
    });
}

pub static LL717: Rule = Rule {
    id: "LL717",
    name: "expose-protocol-casing",
    aliases: &["ExposeProtoCasing"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("EXPOSE protocol not in lower case"),
    why: doc!(
        "BuildKit accepts `80/TCP` and lower-cases it, but warns: write protocols as Docker \
          documents them (`tcp`, `udp`, `sctp`) so the Dockerfile reads like the image config."
    ),
    bad: doc!("FROM nginx:1.27\nEXPOSE 80/TCP\n"),
    good: doc!("FROM nginx:1.27\nEXPOSE 80/tcp\n"),
    fix: Some(doc!("Lower-case the protocol")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: expose_protocol_casing,
};

fn expose_protocol_casing(ctx: &Context, out: &mut Findings) {
    each_port(ctx, |_, a, raw, literal| {
        let Some(spec) = port_spec(raw) else {
            return;
        };
        if spec.proto == spec.proto.to_ascii_lowercase() {
            return;
        }
        let msg = format!(
            "Defined protocol '{}' in EXPOSE instruction should be lowercase",
            spec.raw
        );
        let fix = (literal && ctx.file.slice(a.span) == a.value).then(|| Fix {
            title: "Lower-case the protocol".into(),
            edits: vec![TextEdit::replacement(
                a.span.end.offset - spec.proto.len()..a.span.end.offset,
                spec.proto.to_ascii_lowercase(),
            )],
            ..Default::default()
        });
        out.add(&LL717, a.span, msg, fix);
    });
}

pub static LL718: Rule = Rule {
    id: "LL718",
    name: "expose-host-port",
    aliases: &["ExposeInvalidFormat"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("EXPOSE with an IP address or a host port"),
    why: doc!(
        "EXPOSE documents which ports the container listens on; it cannot publish them. An \
          address or a host port (`127.0.0.1:80:80`, `8080:80`) is ignored — only the container \
          port is recorded — and BuildKit says it will become an error. Publish ports when the \
          container runs (`docker run -p`, the task definition's port mappings)."
    ),
    bad: doc!("FROM nginx:1.27\nEXPOSE 8080:80\n"),
    good: doc!("FROM nginx:1.27\nEXPOSE 80\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: expose_host_port,
};

fn expose_host_port(ctx: &Context, out: &mut Findings) {
    each_port(ctx, |_, a, raw, _| {
        if port_spec(raw).is_some_and(|s| s.has_ip_or_host) {
            let msg = format!(
                "EXPOSE instruction should not define an IP address or host-port mapping, \
                 found '{raw}'"
            );
            out.add(&LL718, a.span, msg, None);
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn protocol_casing() {
        let text = "FROM alpine\nEXPOSE 80/TcP 53/udp 443\n";
        let case = lint("LL717", text);
        case.fails_at(&["80/TcP"])
            .fixes_to("FROM alpine\nEXPOSE 80/tcp 53/udp 443\n");
        assert_eq!(
            case.findings[0].message,
            "Defined protocol '80/TcP' in EXPOSE instruction should be lowercase"
        );
        // Expanded as BuildKit does; an invalid protocol is an error, not a casing problem.
        let text = "FROM scratch\nARG P=\"8080/UDP 9090/tcp\"\nEXPOSE $P 1/http\n";
        let case = lint("LL717", text);
        case.fails_at(&["$P"]).has_no_fix();
        assert!(case.findings[0].message.contains("'8080/UDP'"));
        lint("LL717", "FROM alpine\nEXPOSE $PORT/TCP\n").passes();
    }

    #[test]
    fn ip_and_host_ports() {
        let text = "FROM alpine\nEXPOSE 127.0.0.1:80:80 8080:80/tcp 80 [::1]:53:53/udp\n";
        let case = lint("LL718", text);
        case.fails_at(&["127.0.0.1:80:80", "8080:80/tcp", "[::1]:53:53/udp"]);
        let got: Vec<&str> = case.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            got,
            [
                "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'",
                "EXPOSE instruction should not define an IP address or host-port mapping, found '8080:80/tcp'",
                "EXPOSE instruction should not define an IP address or host-port mapping, found '[::1]:53:53/udp'",
            ]
        );
    }
}
