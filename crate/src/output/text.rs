//! Human output: findings grouped by file, each with its source line and a caret under the span.

use crate::report::{FileReport, FixSafety, LintReport, Severity};
use crate::text::LineIndex;
use std::fmt::Write;

#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// ANSI colours (the CLI turns them on for a terminal unless `NO_COLOR` is set).
    pub color: bool,
}

/// `sources[i]` is the text of `report.files[i]`, for the source lines under each finding.
pub fn text(report: &LintReport, sources: &[&str], options: TextOptions) -> String {
    let paint = Paint(options.color);
    let mut out = String::new();
    let (mut total, mut fixable, mut unsafe_fixable) = (0, 0, 0);
    let mut by_severity = [0usize; 4];
    for (file, source) in report.files.iter().zip(sources) {
        if file.findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}", paint.bold(&file.path));
        render_file(&mut out, file, source, paint);
        total += file.findings.len();
        for fix in file.findings.iter().filter_map(|f| f.fix.as_ref()) {
            match fix.safety {
                FixSafety::Safe => fixable += 1,
                FixSafety::Unsafe => unsafe_fixable += 1,
            }
        }
        for f in &file.findings {
            by_severity[f.severity as usize] += 1;
        }
    }
    if total == 0 {
        let _ = writeln!(out, "No problems in {} file(s).", report.files.len());
        return out;
    }
    let counts: Vec<String> = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Style,
    ]
    .iter()
    .filter(|s| by_severity[**s as usize] > 0)
    .map(|s| {
        let n = by_severity[*s as usize];
        let plural = if n > 1 && matches!(s, Severity::Error | Severity::Warning) {
            "s"
        } else {
            ""
        };
        format!("{n} {}{plural}", s.as_str())
    })
    .collect();
    let _ = write!(
        out,
        "{} problem{} ({})",
        total,
        if total == 1 { "" } else { "s" },
        counts.join(", ")
    );
    if fixable > 0 {
        let _ = write!(out, "; {fixable} fixable with --fix");
    }
    match (fixable, unsafe_fixable) {
        (_, 0) => {}
        (0, n) => {
            let _ = write!(out, "; {n} fixable with --fix --unsafe-fixes");
        }
        (_, n) => {
            let _ = write!(out, "; {n} more with --unsafe-fixes");
        }
    }
    out.push('\n');
    out
}

fn render_file(out: &mut String, file: &FileReport, source: &str, paint: Paint) {
    let lines: Vec<&str> = source.split('\n').collect();
    let index = LineIndex::new(source);
    for f in &file.findings {
        let (line, col) = (f.span.start.line, f.span.start.column);
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}",
            paint.dim(&format!("{line}:{col}")),
            paint.severity(f.severity),
            paint.bold(&f.rule),
            f.message
        );
        let Some(text) = lines.get(line as usize - 1) else {
            continue;
        };
        let text = text.trim_end_matches('\r');
        let gutter = line.to_string();
        let pad = " ".repeat(gutter.len());
        // The caret runs to the span's end on this line (or the line's end if it goes on).
        let start_byte = f.span.start.offset.saturating_sub(index.line_start(line));
        let end_byte = if f.span.end.line == line {
            f.span.end.offset.saturating_sub(index.line_start(line))
        } else {
            text.len()
        };
        let width = |s: &str| s.chars().count();
        let before = text.get(..start_byte.min(text.len())).unwrap_or("");
        let marked = text
            .get(start_byte.min(text.len())..end_byte.clamp(start_byte, text.len()))
            .unwrap_or("");
        let indent: String = before
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(
            out,
            "    {} {} {}",
            paint.dim(&gutter),
            paint.dim("|"),
            text
        );
        let _ = writeln!(
            out,
            "    {pad} {} {indent}{}",
            paint.dim("|"),
            paint.caret(f.severity, &"^".repeat(width(marked).max(1)))
        );
    }
    out.push('\n');
}

#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn color(severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "31",
            Severity::Warning => "33",
            Severity::Info => "36",
            Severity::Style => "35",
        }
    }
    fn severity(self, severity: Severity) -> String {
        self.wrap(Self::color(severity), &format!("{:<7}", severity.as_str()))
    }
    fn caret(self, severity: Severity, s: &str) -> String {
        self.wrap(Self::color(severity), s)
    }
}
