//! Snapshots of `folio show` as a pipe receives it (no colour): what a reader of the sample
//! posts sees, at the usual width and a narrow one. Review changes with care: a snapshot
//! pins wrapping, lists, tables, code blocks and how links are marked.

mod support;

use support::cli::{assert_terminal_safe, folio};

/// `folio show SLUG --root sample-posts --width WIDTH`, checked and returned.
fn show(slug: &str, width: u16) -> String {
    let width = width.to_string();
    let run = folio([
        "show",
        slug,
        "--root",
        "sample-posts",
        "--width",
        width.as_str(),
    ])
    .succeeded();
    assert_terminal_safe(&run.label, &run.stdout_bytes);
    run.stdout
}

/// martech at 80 columns: nested bullet lists, a numbered list, an external link, the footer.
#[test]
fn show_snapshot_martech_80() {
    insta::assert_snapshot!("martech_80", show("martech", 80));
}

/// A post with a table (ppc-budget-allocation) at 80 columns: the grid at natural widths.
#[test]
fn show_snapshot_table_80() {
    insta::assert_snapshot!(
        "ppc_budget_allocation_80",
        show("ppc-budget-allocation", 80)
    );
}

/// A post with a fenced code block and a task list (technical-seo-checklist) at 80 columns.
#[test]
fn show_snapshot_code_and_tasks_80() {
    insta::assert_snapshot!(
        "technical_seo_checklist_80",
        show("technical-seo-checklist", 80)
    );
}

/// The table post at 50 columns: the table shrinks and wraps its cells, text rewraps.
#[test]
fn show_snapshot_table_50() {
    insta::assert_snapshot!(
        "ppc_budget_allocation_50",
        show("ppc-budget-allocation", 50)
    );
}

/// The post with invalid YAML front matter: the slug as title, the error in the card, the body.
#[test]
fn show_snapshot_invalid_front_matter_80() {
    insta::assert_snapshot!(
        "brand_voice_invalid_yaml_80",
        show("brand-voice-why-it-matters-online", 80)
    );
}

/// A post with a broken link (content-calendar-planning): marked in the text and the footer.
#[test]
fn show_snapshot_broken_link_80() {
    insta::assert_snapshot!(
        "content_calendar_broken_link_80",
        show("content-calendar-planning", 80)
    );
}
