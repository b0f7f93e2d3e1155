//! End-to-end tests of the editor: the real `folio` binary runs in a pseudo-terminal (see
//! `tests/support/pty`), the tests type keys as a user would and compare the files on disk byte
//! for byte. Every test works on a temporary copy of `sample-posts` (or on posts written
//! into such a copy), with temporary `FOLIO_DATA_DIR` / `FOLIO_CONFIG_DIR`.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use support::pty::user::*;
use support::pty::{Launch, Tui, dump, last_row, screen_row};
use tempfile::TempDir;

/// martech.md's title line as in `sample-posts`.
const MARTECH_TITLE: &str = "title: \"What Is MarTech? A Practical Guide to the Marketing Stack\"";
/// The text martech.md's body starts with (after the blank line below the front matter).
const MARTECH_BODY_START: &str = "---\n\n![What Is MarTech?";

/// Counts the keys pressed (apart from typed text) for the keystroke budget.
struct Keys<'a> {
    tui: &'a mut Tui,
    pressed: Vec<&'static str>,
    log: Vec<String>,
}

impl Keys<'_> {
    /// Press one key given as a key spec (a command, counted).
    fn key(&mut self, spec: &'static str) {
        self.pressed.push(spec);
        self.log.push(spec.to_owned());
        self.tui.keys(spec);
    }

    /// Type text (not counted).
    fn text(&mut self, text: &str) {
        self.log.push(format!("<type {text:?}>"));
        self.tui.send(text);
    }
}

// ---------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------

/// `e` on a post, End, Left past the closing quote, type " Today", Ctrl-S: saved, the file
/// differs in exactly the title line, and Esc returns to the reader showing the new title.
#[test]
fn e2e_editor_edit_title_and_save() {
    let site = Site::new();
    let before = site.read("martech.md");
    let mut tui = reader_on(Launch::new([site.arg("martech.md")]), "martech");
    let screen = open_editor(&mut tui, "martech.md");
    assert!(
        screen.contains("title:"),
        "the front matter pane shows the title field:\n{screen}"
    );
    assert!(
        screen.contains(" Body "),
        "the body pane is shown:\n{screen}"
    );
    tui.keys("<end>");
    tui.keys("<left>");
    tui.send(" Today");
    tui.wait_for("Marketing Stack Today\"");
    tui.wait_status("modified");
    tui.keys("<c-s>");
    tui.wait_status("Saved");

    let after = site.read("martech.md");
    let changed = changed_lines(&before, &after);
    assert_eq!(
        changed,
        vec![1],
        "only the title line (line 2) should change"
    );
    assert_eq!(
        String::from_utf8_lossy(lines(&after)[1]),
        format!("{}\n", MARTECH_TITLE.replace("Stack\"", "Stack Today\"")),
    );
    assert_bytes(
        &after,
        &replaced(&before, "Marketing Stack\"", "Marketing Stack Today\""),
        "martech.md after the save",
    );

    tui.esc();
    let screen = wait_reader(&tui, "martech");
    tui.wait_until("the new title in the reader", support::pty::TIMEOUT, |s| {
        screen_row(s, 0).contains("A Practical Guide to the Marketing Stack Today")
    });
    assert!(
        !screen.contains("Unsaved changes"),
        "nothing was unsaved:\n{screen}"
    );
    quit(&mut tui, "q after saving");
}

/// A post with a BOM, CRLF line endings, a comment in its front matter and no final newline:
/// editing one body line and saving changes that line only; BOM, CRLF endings, comment and
/// the missing final newline stay.
#[test]
fn e2e_editor_keeps_bom_crlf_and_missing_final_newline() {
    let site = Site::new();
    let original = concat!(
        "\u{feff}---\r\n",
        "title: \"Line Endings\"\r\n",
        "# a comment that must stay\r\n",
        "date: 2024-02-03\r\n",
        "tags: [post, Testing]\r\n",
        "---\r\n",
        "\r\n",
        "First body line.\r\n",
        "Second body line.\r\n",
        "Last line without a newline."
    );
    site.write("crlf-post.md", original.as_bytes());
    let mut tui = reader_on(Launch::new([site.arg("crlf-post.md")]), "crlf-post");
    let screen = open_editor(&mut tui, "crlf-post.md");
    assert!(
        screen.contains("# a comment that must stay"),
        "the comment is shown in the front matter pane:\n{screen}"
    );
    tui.keys("<c-o>");
    // Body line 1 is blank; line 3 is "Second body line.".
    tui.keys("<down>");
    tui.keys("<down>");
    tui.keys("<end>");
    tui.send(" edited");
    tui.wait_for("Second body line. edited");
    tui.keys("<c-s>");
    tui.wait_status("Saved");

    let after = site.read("crlf-post.md");
    let expected = original.replace("Second body line.", "Second body line. edited");
    assert_bytes(&after, expected.as_bytes(), "crlf-post.md after the save");
    // The same, spelled out.
    assert!(
        after.starts_with(b"\xef\xbb\xbf---\r\n"),
        "the BOM is first"
    );
    assert!(!after.ends_with(b"\n"), "no final newline should be added");
    for line in lines(&after) {
        if line.ends_with(b"\n") {
            assert!(
                line.ends_with(b"\r\n"),
                "a line lost its CR: {:?}",
                String::from_utf8_lossy(line)
            );
        }
    }
    assert_eq!(changed_lines(original.as_bytes(), &after), vec![8]);

    tui.esc();
    wait_reader(&tui, "crlf-post");
    quit(&mut tui, "q after saving the CRLF post");
}

/// Front matter that is not YAML is flagged with its line, Ctrl-S refuses to save
/// ("Not saved"), Esc asks about the unsaved changes and `d` discards them; the file never
/// changes.
#[test]
fn e2e_editor_refuses_invalid_yaml() {
    let site = Site::new();
    let before = site.read("martech.md");
    let mut tui = reader_on(Launch::new([site.arg("martech.md")]), "martech");
    open_editor(&mut tui, "martech.md");
    // Line 2 of the front matter is `date: 2023-05-26`.
    tui.keys("<down>");
    tui.keys("<end>");
    tui.send(": x");
    tui.wait_for("date: 2023-05-26: x");
    let screen = tui.wait_for("YAML error");
    let check = rows_with(&screen, "YAML error");
    assert!(
        check.iter().any(|r| r.contains("YAML error, line 2")),
        "the check line should name line 2: {check:?}\n{screen}"
    );

    tui.keys("<c-s>");
    let screen = tui.wait_status("Not saved");
    assert!(
        editor_shown(tui.parser().screen()),
        "the editor stays open:\n{screen}"
    );
    // Give a wrong save the time to land before comparing.
    std::thread::sleep(Duration::from_millis(300));
    assert_bytes(&site.read("martech.md"), &before, "after a refused save");

    tui.esc();
    let screen = tui.wait_for("Unsaved changes");
    assert!(
        screen.contains("discard"),
        "the prompt offers to discard:\n{screen}"
    );
    tui.send("d");
    wait_reader(&tui, "martech");
    assert_bytes(&site.read("martech.md"), &before, "after discarding");
    quit(&mut tui, "q after discarding");
}

/// A short post for the conflict tests, the same post with "Mine: " typed in the editor,
/// and the same post with a line appended by someone else.
const CONFLICT_POST: &str = concat!(
    "---\n",
    "title: \"Conflict Test\"\n",
    "date: 2024-05-06\n",
    "tags: [post, Testing]\n",
    "---\n",
    "\n",
    "First line of the body.\n",
    "Second line of the body.\n",
);

/// Open the editor on the conflict post, type "Mine: " at the start of the first body
/// line, change the file from outside (append a line) and wait for folio to notice; then
/// Ctrl-S and wait for the conflict prompt. Returns (mine, theirs).
fn conflict_setup(site: &Site, tui: &mut Tui) -> (Vec<u8>, Vec<u8>) {
    site.write("conflict-test.md", CONFLICT_POST.as_bytes());
    let mine = CONFLICT_POST
        .replace("First line", "Mine: First line")
        .into_bytes();
    let theirs = format!("{CONFLICT_POST}Appended externally.\n").into_bytes();
    open_editor(tui, "conflict-test.md");
    tui.keys("<c-o>");
    tui.keys("<down>");
    tui.keys("<home>");
    tui.send("Mine: ");
    tui.wait_for("Mine: First line of the body.");
    tui.wait_status("modified");

    site.write("conflict-test.md", &theirs);
    let changed = Instant::now();
    tui.wait_until(
        "the status line to report the change on disk",
        Duration::from_secs(4),
        |s| last_row(s).contains("changed on disk"),
    );
    let noticed = changed.elapsed();
    eprintln!("the change on disk was noticed after {noticed:?}");
    assert!(
        noticed < Duration::from_millis(2500),
        "the change on disk should be noticed within about 2 s, took {noticed:?}"
    );
    let screen = tui.screen_text();
    assert!(
        screen.contains("Front matter · conflict-test.md · changed on disk"),
        "the pane title should say the file changed on disk:\n{screen}"
    );

    tui.keys("<c-s>");
    let screen = tui.wait_for("save yours beside it");
    assert!(
        screen.contains("changed on disk"),
        "the conflict prompt:\n{screen}"
    );
    for option in ["reload (lose yours)", "overwrite"] {
        assert!(
            screen.contains(option),
            "the prompt lacks {option:?}:\n{screen}"
        );
    }
    // Nothing was written yet.
    assert_bytes(&site.read("conflict-test.md"), &theirs, "before answering");
    (mine, theirs)
}

/// Conflict, `b`: the edits are saved beside the file as `<stem>.folio-conflict.md`; the
/// file keeps the change made on disk.
#[test]
fn e2e_editor_conflict_save_beside() {
    let site = Site::new();
    site.write("conflict-test.md", CONFLICT_POST.as_bytes());
    let mut tui = reader_on(Launch::new([site.arg("conflict-test.md")]), "conflict-test");
    let (mine, theirs) = conflict_setup(&site, &mut tui);
    tui.send("b");
    tui.wait_status("Your version is saved as");
    let beside = site.file("conflict-test.folio-conflict.md");
    assert!(beside.is_file(), "{} should exist", beside.display());
    assert_bytes(
        &std::fs::read(&beside).expect("read the conflict file"),
        &mine,
        "the conflict file",
    );
    assert_bytes(
        &site.read("conflict-test.md"),
        &theirs,
        "the original file after `b`",
    );
    // The edits are still unsaved in the file itself: quitting asks.
    tui.keys("<c-c>");
    tui.wait_for("Unsaved changes");
    tui.send("d");
    assert_exited_cleanly(&mut tui, "Ctrl-C, discard");
    assert_bytes(&site.read("conflict-test.md"), &theirs, "after discarding");
}

/// Conflict, `o`: the edits are written over the file (the change on disk is gone).
#[test]
fn e2e_editor_conflict_overwrite() {
    let site = Site::new();
    site.write("conflict-test.md", CONFLICT_POST.as_bytes());
    let mut tui = reader_on(Launch::new([site.arg("conflict-test.md")]), "conflict-test");
    let (mine, _) = conflict_setup(&site, &mut tui);
    tui.send("o");
    let saved = |s: &vt100::Screen| last_row(s).contains("Saved");
    let first = tui.poll_until(Duration::from_secs(3), saved);
    let first_screen = dump(tui.parser().screen());
    let first_disk = site.read("conflict-test.md");
    if first && first_disk == mine {
        tui.esc();
        wait_reader(&tui, "conflict-test");
        quit(&mut tui, "q after overwriting");
        return;
    }
    // Find out whether a second `o` does it, for the report.
    let again = if first_screen.contains("save yours beside it") {
        tui.send("o");
        let second = tui.poll_until(Duration::from_secs(3), saved);
        format!(
            "a second `o` {}; the file is then {}",
            if second {
                "says Saved"
            } else {
                "does not save either"
            },
            if site.read("conflict-test.md") == mine {
                "the edits"
            } else {
                "unchanged"
            }
        )
    } else {
        "the prompt was gone".to_owned()
    };
    panic!(
        "after `o` (overwrite) the file should hold the edits and the status say Saved; \
         {again}.\nThe file after the first `o`:\n{}\nthe screen after the first `o`:\n{first_screen}",
        String::from_utf8_lossy(&first_disk)
    );
}

/// Conflict, `r` then `y`: the file is loaded again; the editor shows the change made on
/// disk and the edits are gone.
#[test]
fn e2e_editor_conflict_reload() {
    let site = Site::new();
    site.write("conflict-test.md", CONFLICT_POST.as_bytes());
    let mut tui = reader_on(Launch::new([site.arg("conflict-test.md")]), "conflict-test");
    let (_, theirs) = conflict_setup(&site, &mut tui);
    tui.send("r");
    tui.wait_for("Throw away your edits and load the file from disk?");
    tui.send("y");
    let screen = tui.wait_for("Appended externally.");
    assert!(
        !screen.contains("Mine: "),
        "the edits should be gone after reloading:\n{screen}"
    );
    assert!(
        editor_shown(tui.parser().screen()),
        "still in the editor:\n{screen}"
    );
    assert!(
        !screen.contains("· changed on disk"),
        "the reloaded file is no longer marked as changed:\n{screen}"
    );
    assert_bytes(&site.read("conflict-test.md"), &theirs, "after reloading");
    // Nothing unsaved now: Esc closes without asking.
    tui.esc();
    wait_reader(&tui, "conflict-test");
    quit(&mut tui, "q after reloading");
}

/// Unsaved edits survive `kill -9`: the next start offers to restore them, `r` puts them
/// back and Ctrl-S saves them. After a clean save nothing is offered.
#[test]
fn e2e_editor_recovers_after_kill_9() {
    let site = Site::new();
    let data = TempDir::new().expect("temp data dir");
    let before = site.read("martech.md");
    let launch = || Launch::new([site.arg("martech.md")]).data_dir(data.path());

    let mut tui = reader_on(launch(), "martech");
    open_editor(&mut tui, "martech.md");
    tui.keys("<c-o>");
    tui.send("Recovered words");
    tui.wait_for("Recovered words");
    let typed = Instant::now();
    // The journal is written about every 2 s of unsaved edits.
    let deadline = typed + Duration::from_secs(5);
    while journal_files(data.path()).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !journal_files(data.path()).is_empty(),
        "no journal in {} 5 s after typing",
        data.path().join("recovery").display()
    );
    eprintln!("journal written {:?} after typing", typed.elapsed());
    // Let a journal write in progress finish.
    std::thread::sleep(Duration::from_millis(500));
    let status = Command::new("kill")
        .args(["-9", &tui.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -9 failed");
    let exit = tui.wait_exit(EXIT_TIMEOUT);
    assert!(!exit.success(), "folio was killed: {exit:?}");
    drop(tui);
    assert_bytes(&site.read("martech.md"), &before, "after kill -9");

    let mut tui = reader_on(launch(), "martech");
    tui.send("e");
    let screen = tui.wait_for("recovered");
    assert!(
        screen.contains("restore them") && screen.contains("discard them"),
        "the recovery prompt:\n{screen}"
    );
    tui.send("r");
    tui.wait_gone("restore them");
    let screen = tui.wait_for("Recovered words");
    assert!(
        editor_shown(tui.parser().screen()),
        "the editor is open:\n{screen}"
    );
    tui.keys("<c-s>");
    tui.wait_status("Saved");
    let expected = replaced(
        &before,
        MARTECH_BODY_START,
        "---\nRecovered words\n![What Is MarTech?",
    );
    assert_bytes(
        &site.read("martech.md"),
        &expected,
        "after restoring and saving",
    );
    tui.esc();
    wait_reader(&tui, "martech");
    quit(&mut tui, "q after saving the recovered edits");
    assert!(
        journal_files(data.path()).is_empty(),
        "the journal should be gone after the save: {:?}",
        journal_files(data.path())
    );

    // After a clean save: no prompt next time.
    let mut tui = reader_on(launch(), "martech");
    open_editor(&mut tui, "martech.md");
    let prompted = tui.poll_until(Duration::from_secs(1), |s| {
        s.contents().contains("recovered")
    });
    assert!(
        !prompted,
        "no recovery prompt after a clean save:\n{}",
        dump(tui.parser().screen())
    );
    tui.esc();
    wait_reader(&tui, "martech");
    quit(&mut tui, "q after the third start");
    assert_bytes(&site.read("martech.md"), &expected, "after the third start");
}

/// `#` in the library: the field holds the post's tags, Tab completes "Anal" to
/// "Analytics", Enter adds `- Analytics` to the block list and changes nothing else; the
/// tag pane counts one more #Analytics post.
#[test]
fn e2e_editor_quick_tag_edit() {
    let site = Site::new();
    let before = site.read("martech.md");
    let mut tui = library_on(Launch::new([site.root().display().to_string()]), 32);
    let analytics = tag_count(tui.parser().screen(), "Analytics").unwrap_or_else(|| {
        panic!(
            "no #Analytics in the tag pane:\n{}",
            dump(tui.parser().screen())
        )
    });

    // Select the MarTech post: filter the post list.
    tui.keys("<tab>");
    tui.send("/");
    tui.wait_status("filter posts: ");
    tui.send("Practical Guide to the Marketing");
    tui.wait_for("/Practical Guide to the Marketing");
    tui.keys("<enter>");
    let screen = tui.wait_gone("filter posts: ");
    let first = support::pty::screen_row(tui.parser().screen(), 1);
    assert!(
        first.contains("What Is MarTech?"),
        "the MarTech post should be selected:\n{screen}"
    );

    tui.send("#");
    tui.wait_status("tags (comma-separated, Tab completes): post, MarTech, Automation");
    tui.send(", Anal");
    tui.wait_status("post, MarTech, Automation, Anal█");
    tui.keys("<tab>");
    tui.wait_status("post, MarTech, Automation, Analytics█");
    tui.keys("<enter>");
    tui.wait_status("Tags saved");

    let after = site.read("martech.md");
    let expected = replaced(
        &before,
        "  - Automation\n",
        "  - Automation\n  - Analytics\n",
    );
    assert_bytes(&after, &expected, "martech.md after the tag edit");

    let want = analytics + 1;
    tui.wait_until(
        &format!("#Analytics counting {want}"),
        support::pty::TIMEOUT,
        |s| tag_count(s, "Analytics") == Some(want),
    );
    quit(&mut tui, "q after the tag edit");
}

/// `n` with a tag chosen: the title prompt makes `<slug>.md` in the root with the quoted
/// title, today's date and the tags (`post` from `hide_tags` plus the chosen tag), and the
/// editor opens on it; the same title again is refused because the slug exists.
#[test]
fn e2e_editor_new_post() {
    let site = Site::new();
    let mut tui = library_on(Launch::new([site.root().display().to_string()]), 32);
    // The most used tag, first after All posts.
    tui.send("j");
    tui.wait_for("Posts · #Strategy");
    tui.send("n");
    tui.wait_status("new post title: ");
    tui.send("Testing Folio: New Posts");
    tui.wait_status("new post title: Testing Folio: New Posts");
    tui.keys("<enter>");
    let screen = tui.wait_for(" Front matter · testing-folio-new-posts.md");

    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let expected = format!(
        "---\ntitle: \"Testing Folio: New Posts\"\ndate: {today}\ntags: [post, Strategy]\n---\n\n"
    );
    let file = site.file("testing-folio-new-posts.md");
    assert!(file.is_file(), "{} should exist:\n{screen}", file.display());
    let created = site.read("testing-folio-new-posts.md");
    assert_bytes(&created, expected.as_bytes(), "the new post");
    assert!(
        screen.contains("title: \"Testing Folio: New Posts\""),
        "the editor shows the new post:\n{screen}"
    );

    // Nothing changed: Esc closes the editor.
    tui.esc();
    tui.wait_until("the library again", support::pty::TIMEOUT, |s| {
        !editor_shown(s) && s.contents().contains("All posts")
    });
    tui.send("n");
    tui.wait_status("new post title: ");
    tui.send("Testing Folio: New Posts");
    tui.wait_status("new post title: Testing Folio: New Posts");
    tui.keys("<enter>");
    let screen = tui.wait_status("testing-folio-new-posts");
    let status = last_row(tui.parser().screen());
    assert!(
        status.contains("already exists"),
        "the second post with the same slug should be refused: {status:?}\n{screen}"
    );
    assert!(!editor_shown(tui.parser().screen()), "no editor:\n{screen}");
    assert_bytes(
        &site.read("testing-folio-new-posts.md"),
        expected.as_bytes(),
        "the first new post after the refused second",
    );
    quit(&mut tui, "q after the new post");
}

/// With unsaved edits, `q` is text, Esc and Ctrl-C ask first (Esc keeps editing), and `s`
/// saves then closes (Esc) or quits (Ctrl-C).
#[test]
fn e2e_editor_unsaved_edits_are_never_lost_on_leaving() {
    let site = Site::new();
    let before = site.read("martech.md");
    let mut tui = reader_on(Launch::new([site.arg("martech.md")]), "martech");
    open_editor(&mut tui, "martech.md");
    tui.keys("<c-o>");
    tui.send("quiet words q");
    tui.wait_for("quiet words q");
    assert_running(&tui, "typing `q`");

    tui.esc();
    tui.wait_for("Unsaved changes");
    tui.esc();
    tui.wait_gone("Unsaved changes");
    assert_running(&tui, "Esc, then Esc (keep editing)");

    tui.keys("<c-c>");
    tui.wait_for("Unsaved changes");
    tui.esc();
    tui.wait_gone("Unsaved changes");
    assert_running(&tui, "Ctrl-C, then Esc (keep editing)");
    assert_bytes(&site.read("martech.md"), &before, "before saving");

    tui.esc();
    tui.wait_for("Unsaved changes");
    tui.send("s");
    tui.wait_status("Saved");
    wait_reader(&tui, "martech");
    let once = replaced(
        &before,
        MARTECH_BODY_START,
        "---\nquiet words q\n![What Is MarTech?",
    );
    assert_bytes(&site.read("martech.md"), &once, "after Esc, s");

    open_editor(&mut tui, "martech.md");
    tui.keys("<c-o>");
    tui.send("more ");
    tui.wait_for("more quiet words q");
    tui.keys("<c-c>");
    tui.wait_for("Unsaved changes");
    tui.send("s");
    assert_exited_cleanly(&mut tui, "Ctrl-C, s");
    let twice = replaced(
        &before,
        MARTECH_BODY_START,
        "---\nmore quiet words q\n![What Is MarTech?",
    );
    assert_bytes(&site.read("martech.md"), &twice, "after Ctrl-C, s");
}

/// Fix a typo in a title and add a tag, starting in the reader, in fewer than ten keys
/// (typed text not counted).
#[test]
fn e2e_editor_ten_keystroke_budget() {
    let site = Site::new();
    let sample = site.read("martech.md");
    // The typo: "Stak" for "Stack" at the end of the title.
    let typo = replaced(&sample, "Marketing Stack\"", "Marketing Stak\"");
    site.write("martech.md", &typo);
    let mut tui = reader_on(Launch::new([site.arg("martech.md")]), "martech");
    let mut keys = Keys {
        tui: &mut tui,
        pressed: Vec::new(),
        log: Vec::new(),
    };
    keys.key("e");
    keys.tui.wait_for(" Front matter · martech.md");
    keys.key("<end>");
    keys.key("<left>");
    keys.key("<left>");
    keys.text("c");
    keys.tui.wait_for("Marketing Stack\"");
    keys.key("<c-s>");
    keys.tui.wait_status("Saved");
    keys.key("<esc>");
    wait_reader(keys.tui, "martech");
    keys.key("#");
    keys.tui.wait_status("tags (comma-separated");
    keys.text(", SEO");
    keys.tui.wait_status("Automation, SEO█");
    keys.key("<enter>");
    keys.tui.wait_status("Tags saved");
    let (pressed, log) = (keys.pressed, keys.log);
    println!("keys pressed ({}): {}", pressed.len(), log.join(" "));
    assert!(
        pressed.len() < 10,
        "{} keys is over the budget: {log:?}",
        pressed.len()
    );
    let expected = replaced(&sample, "  - Automation\n", "  - Automation\n  - SEO\n");
    assert_bytes(
        &site.read("martech.md"),
        &expected,
        "title fixed and tag added",
    );
    quit(&mut tui, "q after the budget run");
}

/// ESC and BEL in a post's body are shown as ␛ and ␇ in the editor (and never sent to the
/// terminal); saving an edit elsewhere keeps the raw bytes.
#[test]
fn e2e_editor_shows_control_characters() {
    let site = Site::new();
    let original = concat!(
        "---\n",
        "title: \"Control Characters\"\n",
        "date: 2024-06-07\n",
        "tags: [post, Testing]\n",
        "---\n",
        "\n",
        "Alarm \u{1b}[31mred\u{7} bell here.\n",
        "Plain line to edit.\n",
    );
    site.write("controls.md", original.as_bytes());
    let mut tui = reader_on(Launch::new([site.arg("controls.md")]), "controls");
    open_editor(&mut tui, "controls.md");
    tui.keys("<c-o>");
    let screen = tui.wait_for("Alarm ␛[31mred␇ bell here.");
    assert!(screen.contains('\u{241b}'), "U+241B on screen:\n{screen}");
    // Edit the next line only.
    tui.keys("<down>");
    tui.keys("<down>");
    tui.keys("<home>");
    tui.send("Edited: ");
    tui.wait_for("Edited: Plain line to edit.");
    tui.keys("<c-s>");
    tui.wait_status("Saved");
    let after = site.read("controls.md");
    assert_bytes(
        &after,
        original
            .replace("Plain line", "Edited: Plain line")
            .as_bytes(),
        "controls.md after the save",
    );
    assert!(
        after.windows(11).any(|w| w == b"\x1b[31mred\x07 b"),
        "the raw ESC and BEL bytes are kept"
    );
    let raw = tui.raw_output();
    assert!(
        !raw.windows(8).any(|w| w == b"\x1b[31mred"),
        "the post's escape sequence reached the terminal"
    );
    tui.esc();
    wait_reader(&tui, "controls");
    quit(&mut tui, "q after the control characters");
}

/// `E` runs $EDITOR (split on whitespace, no shell) on the post; afterwards the reader shows
/// the changed text, the terminal is on the alternate screen and keys still work.
#[test]
fn e2e_editor_external_editor() {
    let site = Site::new();
    let original = concat!(
        "---\n",
        "title: \"External Editing\"\n",
        "date: 2024-08-09\n",
        "tags: [post, Testing]\n",
        "---\n",
        "\n",
        "Alpha beta gamma.\n",
    );
    site.write("external.md", original.as_bytes());
    let mut tui = reader_on(
        Launch::new([site.arg("external.md")])
            .env("VISUAL", "")
            .env("EDITOR", "sed -i s/Alpha/Omega/"),
        "external",
    );
    tui.wait_for("Alpha beta gamma.");
    tui.send("E");
    // Taking the terminal back asks where the cursor is; answer as a terminal would.
    let mut answered = 0;
    let resumed = |s: &vt100::Screen| {
        let status = last_row(s);
        status.contains("Back from sed") || status.contains("Could not")
    };
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        tui.answer_cursor_queries(&mut answered);
        if tui.poll_until(Duration::from_millis(20), resumed) || Instant::now() >= deadline {
            break;
        }
    }
    eprintln!("cursor position queries answered while resuming: {answered}");
    let screen = tui.wait_for("Omega beta gamma.");
    assert_bytes(
        &site.read("external.md"),
        original.replace("Alpha", "Omega").as_bytes(),
        "external.md after sed",
    );
    {
        let parser = tui.parser();
        assert!(
            parser.screen().alternate_screen(),
            "back on the alternate screen:\n{}",
            dump(parser.screen())
        );
    }
    assert!(
        !screen.contains("Alpha beta gamma."),
        "the old text is gone:\n{screen}"
    );
    let status = tui.wait_status("Back from sed");
    assert!(
        tui.row(0).contains("External Editing"),
        "the reader shows the post:\n{status}"
    );
    // Still usable: the editor opens on the changed text and closes again.
    let screen = open_editor(&mut tui, "external.md");
    assert!(screen.contains("Omega beta gamma."), "{screen}");
    tui.esc();
    wait_reader(&tui, "external");
    quit(&mut tui, "q after the external editor");
}

/// A Hugo post whose front matter is TOML (`+++`): the reader shows its title, the editor
/// its TOML, a title edit saves that one line, and `#` in the reader adds a tag to its
/// one-line `tags = [..]`, the other items keeping their quotes. The file reads back as
/// TOML each time.
#[test]
fn e2e_editor_toml_front_matter() {
    let site = Site::new();
    let original = "+++\ntitle = \"Hugo Notes\"\ndate = 2024-02-03\n\
                    tags = ['post', \"Testing\"]\n+++\n\nBody line.\n";
    site.write("toml-post.md", original.as_bytes());
    let mut tui = reader_on(Launch::new([site.arg("toml-post.md")]), "toml-post");
    tui.wait_for("Hugo Notes");
    let screen = open_editor(&mut tui, "toml-post.md");
    assert!(
        screen.contains("tags = ['post', \"Testing\"]"),
        "the TOML is shown as written:\n{screen}"
    );
    tui.keys("<end>");
    tui.keys("<left>");
    tui.send(" Today");
    tui.wait_for("title = \"Hugo Notes Today\"");
    tui.keys("<c-s>");
    tui.wait_status("Saved");
    let saved = original.replace("Hugo Notes", "Hugo Notes Today");
    assert_bytes(
        &site.read("toml-post.md"),
        saved.as_bytes(),
        "after the save",
    );

    tui.esc();
    wait_reader(&tui, "toml-post");
    tui.send("#");
    tui.wait_status("tags (comma-separated, Tab completes): post, Testing");
    tui.send(", Hugo");
    tui.keys("<enter>");
    tui.wait_status("Tags saved");
    let tagged = saved.replace("\"Testing\"]", "\"Testing\", \"Hugo\"]");
    assert_bytes(&site.read("toml-post.md"), tagged.as_bytes(), "after `#`");
    quit(&mut tui, "q after the TOML edits");
}
