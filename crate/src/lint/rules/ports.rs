//! EXPOSE: port numbers.

use crate::lint::instruction_facts::expand;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;

pub static LL511: Rule = Rule {
    id: "LL511",
    name: "port-out-of-range",
    aliases: &["DL3011"],
    related: &[],
    severity: Severity::Error,
    title: doc!("Port out of range"),
    why: doc!(
        "TCP and UDP ports range from 0 to 65535. A larger number in EXPOSE is a typo (often a \
          digit too many) and the port the application really listens on goes undocumented."
    ),
    bad: doc!("FROM nginx:1.27\nEXPOSE 80800\n"),
    good: doc!("FROM nginx:1.27\nEXPOSE 8080\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: port_out_of_range,
};

fn port_out_of_range(ctx: &Context, out: &mut Findings) {
    for (i, inst) in ctx.file.instructions.iter().enumerate() {
        let Some(ports) = inst.as_expose() else {
            continue;
        };
        for port in ports {
            let Some(value) = expand(ctx, i, &port.arg.value) else {
                continue;
            };
            let number = value.split('/').next().unwrap_or_default();
            let too_big = number
                .split('-')
                .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .any(|p| {
                    p.trim_start_matches('0').len() > 5 || p.parse::<u32>().is_ok_and(|n| n > 65535)
                });
            if too_big {
                let msg = format!("`{number}` is not a port: ports range from 0 to 65535");
                out.add(&LL511, port.arg.span, msg, None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn ports_above_65535_are_found() {
        let text = "FROM alpine:3.20\nEXPOSE 80 65535 65536/tcp 8000-70000/udp 99999999999999\n\
                    ARG P=123456\nEXPOSE $P $UNSET\n";
        lint("LL511", text).fails_at(&["65536/tcp", "8000-70000/udp", "99999999999999", "$P"]);
        lint("LL511", "FROM alpine:3.20\nEXPOSE 80 65535 1000-2000/udp\n").passes();
    }
}
