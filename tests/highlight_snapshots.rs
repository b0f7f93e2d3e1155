//! Highlighted code blocks: a snapshot of a Rust code block's spans with their token classes,
//! the colours the theme gives them, nothing under the mono theme, plain text for an unknown
//! language, and `folio show --color` on a post with code.

mod support;

use folio::render::highlight;
use folio::render::markdown::render;
use folio::render::styled::{CodeToken, Line, Role};
use folio::render::theme::{Color16, paint};
use folio::ui::theme::Theme;

const RUST_POST: &str = "Some code:\n\n```rust\n// Greet.\nfn main() {\n    let n: u32 = 42;\n    println!(\"hi {n}\");\n}\n```\n";

/// Each line as `[token]text` pieces, so the snapshot shows what is coloured how.
fn describe(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        for span in &line.spans {
            let tag = match span.style.role {
                Role::Syntax(token) => format!("{token:?}").to_lowercase(),
                Role::CodeBlock => "code".to_owned(),
                _ => String::new(),
            };
            if tag.is_empty() {
                out.push_str(&span.text);
            } else {
                out.push_str(&format!("[{tag}]{}", span.text));
            }
        }
        out.push('\n');
    }
    out
}

fn rendered(md: &str) -> Vec<Line> {
    highlight::load();
    render(md, 60, &|_| None).lines
}

fn span_role(lines: &[Line], text: &str) -> Role {
    lines
        .iter()
        .flat_map(|l| &l.spans)
        .find(|s| s.text.trim() == text)
        .unwrap_or_else(|| panic!("no span {text:?} in:\n{}", describe(lines)))
        .style
        .role
}

/// The token classes of a small Rust block.
#[test]
fn highlight_rust_block_snapshot() {
    insta::assert_snapshot!(describe(&rendered(RUST_POST)));
}

/// Keywords, strings, numbers and comments get the theme's colours; the mono theme shows
/// none of them, and no attribute either.
#[test]
fn highlight_colours_from_theme_and_none_in_mono() {
    let lines = rendered(RUST_POST);
    let keyword = span_role(&lines, "fn");
    assert_eq!(keyword, Role::Syntax(CodeToken::Keyword));
    assert_eq!(
        paint(folio::render::styled::Style::role(keyword)).fg,
        Some(Color16::Magenta)
    );
    assert_eq!(
        span_role(&lines, "// Greet."),
        Role::Syntax(CodeToken::Comment)
    );
    assert_eq!(span_role(&lines, "42"), Role::Syntax(CodeToken::Literal));
    let mono = Theme { monochrome: true };
    for span in lines.iter().flat_map(|l| &l.spans) {
        if matches!(span.style.role, Role::Syntax(_)) {
            assert_eq!(
                mono.text(span.style),
                ratatui::style::Style::default(),
                "{span:?}"
            );
        }
    }
}

/// A language without a grammar stays one plain code span per line.
#[test]
fn highlight_unknown_language_is_plain() {
    let lines = rendered("```klingon\nQapla' batlh\n```\n");
    assert_eq!(span_role(&lines, "Qapla' batlh"), Role::CodeBlock);
}

/// `folio show` highlights in colour and prints the same text without it.
#[test]
fn highlight_show_in_colour_only() {
    let post = "sample-posts/cohort-analysis-sql.md";
    let mut cmd = support::cli::folio_command();
    cmd.env_remove("CLICOLOR_FORCE");
    let coloured =
        support::cli::folio_with(&mut cmd, ["show", post, "--color", "always"]).succeeded();
    assert!(
        coloured.stdout.contains("\u{1b}[35mSELECT\u{1b}[0m"),
        "SQL keywords not highlighted:\n{}",
        coloured.stdout
    );
    let plain = support::cli::folio(["show", post, "--color", "never"]).succeeded();
    assert!(!plain.stdout.contains('\u{1b}'));
    assert!(
        plain.stdout.contains("    SELECT customer_id,"),
        "{}",
        plain.stdout
    );
}

/// A post full of code highlights its first 500 code lines and leaves the rest plain, so a
/// huge post reaches the screen without paying for every block.
#[test]
fn highlight_budget_per_post() {
    let block = format!("```rust\n{}```\n\n", "let x = 1;\n".repeat(100));
    let md = block.repeat(8);
    let lines = rendered(&md);
    let coloured = lines
        .iter()
        .filter(|l| {
            l.spans
                .iter()
                .any(|s| matches!(s.style.role, Role::Syntax(_)))
        })
        .count();
    let plain = lines
        .iter()
        .filter(|l| l.spans.iter().any(|s| s.style.role == Role::CodeBlock))
        .count();
    assert_eq!(coloured, 500, "the first 500 code lines are highlighted");
    assert_eq!(plain, 300, "the other 300 stay plain");
}
