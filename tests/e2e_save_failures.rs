//! Saves that fail, end to end: the real binary in a pseudo-terminal against a folder that
//! really refuses writes (`chattr +i`, which stops even root) and a really full disk (a
//! 64 KB tmpfs), and a file deleted under the editor. Each time the file is untouched, no
//! temp file is left, the status line says what failed and what to do, folio keeps running
//! and the edits can still be saved. The first two need root and a kernel and file system
//! that allow them: they probe, and print why they skipped when they cannot run.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::pty::user::*;
use support::pty::{Launch, dump};
use support::skipped;

/// Run `program args`; whether it succeeded.
fn run(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn arg(path: &Path) -> String {
    path.display().to_string()
}

/// Names of folio temp files (`.folio-*.tmp`) left in `dir`.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with(".folio-"))
        .collect()
}

/// Makes a folder immutable (`chattr +i`) and mutable again when dropped.
struct Immutable(PathBuf);

impl Immutable {
    /// `dir` made immutable, or why that cannot be done here.
    fn new(dir: &Path) -> Result<Immutable, String> {
        let probe = dir.join("probe");
        std::fs::create_dir(&probe).map_err(|e| format!("cannot make a probe folder: {e}"))?;
        let guard = Immutable(probe.clone());
        if !run("chattr", &["+i", &arg(&probe)]) {
            return Err("`chattr +i` failed (not root, no chattr, or no support here)".into());
        }
        if std::fs::write(probe.join("x"), "x").is_ok() {
            return Err("an immutable folder still takes writes here".into());
        }
        drop(guard);
        std::fs::remove_dir(&probe).map_err(|e| format!("cannot remove the probe: {e}"))?;
        if !run("chattr", &["+i", &arg(dir)]) {
            return Err(format!("`chattr +i {}` failed", dir.display()));
        }
        Ok(Immutable(dir.to_owned()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        run("chattr", &["-i", &arg(&self.0)]);
    }
}

/// A small tmpfs mounted on a temp folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn new(size: &str) -> Result<Tmpfs, String> {
        let dir = tempfile::TempDir::new().map_err(|e| e.to_string())?;
        let options = format!("size={size}");
        if !run(
            "mount",
            &["-t", "tmpfs", "-o", &options, "tmpfs", &arg(dir.path())],
        ) {
            return Err("`mount -t tmpfs` failed (not root, or no mount permission)".into());
        }
        Ok(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Make it read-only; whether that worked.
    fn read_only(&self) -> bool {
        run("mount", &["-o", "remount,ro", &arg(self.dir.path())])
    }
}

/// A tmpfs holding a copy of martech.md, and that copy's path and bytes.
fn tmpfs_with_martech(size: &str) -> Result<(Tmpfs, PathBuf, Vec<u8>), String> {
    let disk = Tmpfs::new(size)?;
    let post = disk.path().join("martech.md");
    let original = std::fs::read(support::sample_posts().join("martech.md")).expect("read sample");
    std::fs::write(&post, &original).expect("copy to tmpfs");
    Ok((disk, post, original))
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        if !run("umount", &[&arg(self.dir.path())]) {
            run("umount", &["-l", &arg(self.dir.path())]);
        }
    }
}

/// `e` on martech, then `text` typed at the start of the body.
fn type_in_body(tui: &mut support::pty::Tui, text: &str) {
    open_editor(tui, "martech.md");
    tui.keys("<c-o>");
    tui.send(text);
    tui.wait_for(text);
}

/// Write 4 KB blocks into `file` until the disk is full.
fn fill(file: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(file).expect("create filler");
    let block = [b'f'; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
}

/// A folder made immutable under the editor: Ctrl-S fails in plain words with the
/// choices shown, the file and folder are untouched; `w` saves elsewhere (an absolute
/// path) and folio goes on editing that file.
#[test]
fn e2e_save_failures_immutable_folder_then_save_elsewhere() {
    let site = Site::new();
    let elsewhere = tempfile::TempDir::new().expect("temp dir");
    let original = site.read("martech.md");
    let mut tui = reader_on(Launch::new([site.arg("martech.md")]), "martech");
    type_in_body(&mut tui, "Kept ");
    let immutable = match Immutable::new(site.root()) {
        Ok(guard) => guard,
        Err(why) => {
            skipped(&why);
            return;
        }
    };
    tui.keys("<c-s>");
    let screen = tui.wait_status("refuses writes");
    for want in ["Not saved", "w save elsewhere", "r retry", "d discard"] {
        assert!(screen.contains(want), "{want:?} on screen:\n{screen}");
    }
    assert_running(&tui, "a refused save");
    assert_bytes(
        &site.read("martech.md"),
        &original,
        "the file after the refused save",
    );
    assert!(temp_files(site.root()).is_empty(), "no temp file");
    tui.send("r");
    // The retry fails again with the same words: give it time to come back.
    std::thread::sleep(std::time::Duration::from_millis(500));
    tui.wait_for("w save elsewhere");
    assert_bytes(
        &site.read("martech.md"),
        &original,
        "the file after a retry",
    );

    let target = elsewhere.path().join("rescued.md");
    tui.send("w");
    tui.wait_status("save as (relative to the content root): martech.md");
    tui.keys("<c-u>");
    tui.send(&arg(&target));
    tui.keys("<enter>");
    tui.wait_status("Saved as");
    let saved = std::fs::read_to_string(&target).expect("saved elsewhere");
    assert!(saved.contains("Kept "), "{saved}");
    drop(immutable);
    assert_bytes(
        &site.read("martech.md"),
        &original,
        "the original at the end",
    );
    assert!(temp_files(site.root()).is_empty(), "no temp file");
    tui.esc();
    wait_reader(&tui, "martech");
    quit(&mut tui, "q after saving elsewhere");
}

/// A full disk (a 64 KB tmpfs): Ctrl-S fails with "the disk is full", the file is
/// untouched and no temp file is left; once space is freed, `r` saves.
#[test]
fn e2e_save_failures_full_disk_then_retry() {
    let (disk, post, original) = match tmpfs_with_martech("64k") {
        Ok(found) => found,
        Err(why) => {
            skipped(&why);
            return;
        }
    };
    let mut tui = reader_on(Launch::new([arg(&post)]), "martech");
    type_in_body(&mut tui, "Full ");
    let filler = disk.path().join("filler.bin");
    fill(&filler);
    tui.keys("<c-s>");
    let screen = tui.wait_status("disk is full");
    assert!(screen.contains("r retry"), "{screen}");
    assert_running(&tui, "a save on a full disk");
    assert_bytes(&std::fs::read(&post).expect("read"), &original, "the file");
    assert!(temp_files(disk.path()).is_empty(), "no temp file");

    std::fs::remove_file(&filler).expect("free space");
    tui.send("r");
    tui.wait_status("Saved");
    let saved = std::fs::read_to_string(&post).expect("read");
    assert!(saved.contains("---\nFull "), "{saved}");
    assert!(temp_files(disk.path()).is_empty(), "no temp file");
    tui.esc();
    wait_reader(&tui, "martech");
    quit(&mut tui, "q after the retry");
}

/// A file system made read-only under the editor: Ctrl-S fails with "read-only", the
/// file is untouched; `d` asks, `y` throws the edits away and closes the editor.
#[test]
fn e2e_save_failures_read_only_file_system_then_discard() {
    let (disk, post, original) = match tmpfs_with_martech("1m") {
        Ok(found) => found,
        Err(why) => {
            skipped(&why);
            return;
        }
    };
    let mut tui = reader_on(Launch::new([arg(&post)]), "martech");
    type_in_body(&mut tui, "Lost ");
    if !disk.read_only() {
        skipped("the tmpfs could not be remounted read-only");
        return;
    }
    tui.keys("<c-s>");
    tui.wait_status("the file system is read-only");
    assert_bytes(&std::fs::read(&post).expect("read"), &original, "the file");
    tui.send("d");
    tui.wait_for("Throw away your edits?");
    tui.send("y");
    wait_reader(&tui, "martech");
    assert_bytes(&std::fs::read(&post).expect("read"), &original, "the file");
    assert!(temp_files(disk.path()).is_empty(), "no temp file");
    quit(&mut tui, "q after discarding");
}

/// A file deleted under the editor is reported on the status line within a few seconds;
/// Ctrl-S offers to recreate it, and `c` writes it again with the edits.
#[test]
fn e2e_save_failures_deleted_file_is_recreated() {
    let site = Site::new();
    let mut tui = reader_on(Launch::new([site.arg("martech.md")]), "martech");
    type_in_body(&mut tui, "Again ");
    std::fs::remove_file(site.file("martech.md")).expect("delete");
    let started = std::time::Instant::now();
    tui.wait_status("The file was deleted on disk; Ctrl-S offers to recreate it");
    assert!(
        started.elapsed().as_secs() < 5,
        "reported within a few seconds"
    );
    tui.keys("<c-s>");
    let screen = tui.wait_for("c recreate it");
    assert!(
        screen.contains("w save elsewhere"),
        "{}",
        dump(tui.parser().screen())
    );
    assert!(
        !site.file("martech.md").exists(),
        "nothing written before the answer"
    );
    tui.send("c");
    tui.wait_status("Saved");
    let text = String::from_utf8(site.read("martech.md")).expect("UTF-8");
    assert!(text.contains("---\nAgain \n![What Is MarTech?"), "{text}");
    tui.esc();
    wait_reader(&tui, "martech");
    quit(&mut tui, "q after recreating");
}
