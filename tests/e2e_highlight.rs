//! End-to-end test of highlighted code in the terminal UI: the grammars load on a worker
//! after a post with a language-tagged block opens, and the reader redraws it coloured;
//! under `NO_COLOR` the same post stays plain.

mod support;

use std::time::Duration;

use support::manifest_dir;
use support::pty::user::{START_TIMEOUT, quit, reader_on};
use support::pty::{Launch, dump};

/// The colour of the `S` of the first `SELECT` on screen that follows a blank cell (the
/// code block's keywords), if one is on screen.
fn select_colour(screen: &vt100::Screen) -> Option<vt100::Color> {
    let (rows, cols) = screen.size();
    let at = |r: u16, c: u16| {
        screen
            .cell(r, c)
            .map_or(String::new(), |x| x.contents().to_owned())
    };
    for row in 0..rows.get() {
        for col in 1..cols.get().saturating_sub(6) {
            let word: String = (col..col + 6).map(|c| at(row, c)).collect();
            if word == "SELECT" && at(row, col - 1).trim().is_empty() {
                return screen.cell(row, col).map(vt100::Cell::fgcolor);
            }
        }
    }
    None
}

fn cohort_post() -> String {
    manifest_dir()
        .join("sample-posts/cohort-analysis-sql.md")
        .display()
        .to_string()
}

/// With colour, the SQL keywords turn magenta once the grammars are in.
#[test]
fn e2e_highlight_reader_colours_code_keywords() {
    let mut tui = reader_on(
        Launch::new([cohort_post()]).size(60, 100),
        "cohort-analysis-sql",
    );
    tui.wait_until("SELECT in magenta", START_TIMEOUT, |s| {
        select_colour(s) == Some(vt100::Color::Idx(5))
    });
    quit(&mut tui, "quit after highlighting");
}

/// Under `NO_COLOR` nothing is coloured, however long one waits.
#[test]
fn e2e_highlight_none_under_no_color() {
    let mut tui = reader_on(
        Launch::new([cohort_post()])
            .size(60, 100)
            .env("NO_COLOR", "1"),
        "cohort-analysis-sql",
    );
    std::thread::sleep(Duration::from_millis(800));
    let colour = select_colour(tui.parser().screen());
    assert_eq!(
        colour,
        Some(vt100::Color::Default),
        "{}",
        dump(tui.parser().screen())
    );
    quit(&mut tui, "quit under NO_COLOR");
}
