//! The reporting layer: prints diagnostics like rustc (`error[code]: message`, `--> file:line:col`,
//! the source line with a caret under the span, and a `help:`), or as JSON.

use crate::diagnostic::{Diagnostic, Severity};
use std::fmt::Write;

/// Formats one diagnostic for a terminal.
pub fn format_diagnostic(d: &Diagnostic) -> String {
    let mut out = String::new();
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{severity}[{}]: {}", d.code, d.message);
    let _ = writeln!(out, "  --> {}", d.location());
    if let (Some(line), true) = (&d.source_line, d.line > 0) {
        let number = d.line.to_string();
        let pad = " ".repeat(number.len());
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{number} | {line}");
        if d.column > 0 {
            let indent: String = line.chars().take(d.column - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            let _ = writeln!(out, "{pad} | {indent}{}", "^".repeat(d.width.max(1)));
        }
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    out
}

/// Formats all diagnostics for a terminal, with a closing count line.
pub fn format_all(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&format_diagnostic(d));
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if errors + warnings > 0 {
        let _ = writeln!(out, "{} and {}", plural(errors, "error"), plural(warnings, "warning"));
    }
    out
}

/// All diagnostics as a JSON array of `{severity, code, file, line, column, message, help}`.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity,
                "code": d.code,
                "file": crate::diagnostic::display_path(&d.file),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_prints_location_source_caret_and_help() {
        let text = "---\ntitle: x\n---\nSee [[wrold]].\n";
        let at = text.find("[[").unwrap();
        let d = Diagnostic::error("unknown-term", "content/articles/x.md", "unknown glossary term `wrold`")
            .at(text, at..at + 9)
            .with_help("did you mean `[[world]]`?");
        assert_eq!(
            format_diagnostic(&d),
            "error[unknown-term]: unknown glossary term `wrold`\n  --> content/articles/x.md:4:5\n  |\n4 | See [[wrold]].\n  |     ^^^^^^^^^\n  = help: did you mean `[[world]]`?\n"
        );
    }

    #[test]
    fn json_output_has_the_documented_fields() {
        let d = Diagnostic::warning("empty-summary", "content/articles/x.md", "m");
        let json: serde_json::Value = serde_json::from_str(&to_json(&[d])).unwrap();
        assert_eq!(json[0]["severity"], "warning");
        assert_eq!(json[0]["file"], "content/articles/x.md");
        assert!(json[0]["help"].is_null());
    }
}
