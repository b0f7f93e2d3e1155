//! Saves that fail: each step of a save made to fail through the [`Fs`] seam with the error
//! a real disk gives (EACCES, EPERM, EROFS, ENOSPC, EDQUOT, ENOENT, EISDIR, ENOTDIR,
//! EXDEV). Whatever fails, the original is untouched, no temp file is left and the error
//! names the file and says in plain words what went wrong.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failed unwrap is a failed test"
)]

use super::*;

/// A step of a save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Read,
    CreateTemp,
    Write,
    Sync,
    SetPermissions,
    Persist,
}

/// The real file system, except that `step` fails with OS error `errno`.
struct Faulty {
    step: Step,
    errno: i32,
}

impl Faulty {
    fn at(&self, step: Step) -> io::Result<()> {
        if step == self.step {
            Err(io::Error::from_raw_os_error(self.errno))
        } else {
            Ok(())
        }
    }
}

impl Fs for Faulty {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.at(Step::Read)?;
        RealFs.read(path)
    }
    fn create_temp(&self, dir: &Path, mode: NewFileMode) -> io::Result<NamedTempFile> {
        self.at(Step::CreateTemp)?;
        RealFs.create_temp(dir, mode)
    }
    fn write(&self, file: &mut NamedTempFile, bytes: &[u8]) -> io::Result<()> {
        if self.step == Step::Write {
            // A full disk takes part of the data first.
            RealFs.write(file, &bytes[..bytes.len() / 2])?;
        }
        self.at(Step::Write)?;
        RealFs.write(file, bytes)
    }
    fn sync(&self, file: &NamedTempFile) -> io::Result<()> {
        self.at(Step::Sync)?;
        RealFs.sync(file)
    }
    fn set_permissions(&self, file: &NamedTempFile, perms: fs::Permissions) -> io::Result<()> {
        self.at(Step::SetPermissions)?;
        RealFs.set_permissions(file, perms)
    }
    fn persist(&self, file: NamedTempFile, target: &Path) -> io::Result<()> {
        self.at(Step::Persist)?;
        RealFs.persist(file, target)
    }
}

const EPERM: i32 = 1;
const ENOENT: i32 = 2;
const EACCES: i32 = 13;
const EXDEV: i32 = 18;
const ENOTDIR: i32 = 20;
const EISDIR: i32 = 21;
const ENOSPC: i32 = 28;
const EROFS: i32 = 30;
const EDQUOT: i32 = 122;

/// Every failure injected: the step, the error, and words the message must hold.
const CASES: &[(Step, i32, &str)] = &[
    (Step::CreateTemp, EACCES, "refuses writes"),
    (Step::CreateTemp, EPERM, "refuses writes"),
    (Step::CreateTemp, EROFS, "read-only"),
    (Step::CreateTemp, ENOSPC, "disk is full"),
    (Step::CreateTemp, ENOENT, "folder does not exist"),
    (Step::Write, ENOSPC, "disk is full"),
    (Step::Write, EDQUOT, "quota"),
    (Step::Sync, ENOSPC, "disk is full"),
    (Step::SetPermissions, EPERM, "refuses writes"),
    (Step::Persist, EXDEV, "another device"),
    (Step::Persist, EACCES, "refuses writes"),
    (Step::Persist, EISDIR, "a folder is in the file's place"),
    (Step::Read, EISDIR, "a folder is in the file's place"),
    (Step::Read, ENOTDIR, "part of the path is a file"),
    (Step::Read, EACCES, "refuses writes"),
];

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Each injected failure of `save_with`: an `Io` error naming the file, the reason in plain
/// words and the system's own; the original's bytes and mode untouched; no temp file.
#[test]
fn save_with_each_failure_keeps_the_original_and_leaves_no_temp() {
    use std::os::unix::fs::PermissionsExt;
    for &(step, errno, words) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "original").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let (_, snap) = Snapshot::read(&path).unwrap();
        let err = save_with(&Faulty { step, errno }, &path, b"edited!", Some(&snap)).unwrap_err();
        let case = format!("{step:?} {errno}");
        let SaveError::Io { path: p, source } = &err else {
            panic!("{case}: an I/O error, got {err:?}");
        };
        assert_eq!(p, &path, "{case}");
        assert_eq!(source.raw_os_error(), Some(errno), "{case}");
        let text = err.to_string();
        assert!(
            text.contains("a.md") && text.contains(words),
            "{case}: {text}"
        );
        assert!(
            text.contains(&format!("os error {errno}")),
            "{case}: {text}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "original", "{case}");
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "{case}");
        assert_eq!(names(dir.path()), ["a.md"], "{case}: no temp file left");
    }
}

/// The same failures through `write_atomically_with` (journals, marks): the target is
/// untouched (or still absent) and no temp file is left.
#[test]
fn write_atomically_with_each_failure_leaves_no_trace() {
    for &(step, errno, _) in CASES.iter().filter(|(s, _, _)| *s != Step::Read) {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.json");
        fs::write(&old, "{}").unwrap();
        let new = dir.path().join("new.json");
        // A new file has no permissions to copy: that step does not happen for it.
        let targets: &[(&PathBuf, bool)] = if step == Step::SetPermissions {
            &[(&old, false)]
        } else {
            &[(&old, false), (&new, true)]
        };
        for &(target, private) in targets {
            let mode = if private {
                NewFileMode::Private
            } else {
                NewFileMode::Shared
            };
            let result = write_atomically_with(&Faulty { step, errno }, target, b"[1]", mode);
            let case = format!("{step:?} {errno} {}", target.display());
            assert_eq!(result.unwrap_err().raw_os_error(), Some(errno), "{case}");
        }
        assert_eq!(fs::read_to_string(&old).unwrap(), "{}");
        assert_eq!(names(dir.path()), ["old.json"], "{step:?} {errno}");
    }
}

/// Without a fault the seam saves as `save` does (the wrapper adds nothing by itself).
#[test]
fn save_with_no_fault_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    fs::write(&path, "one").unwrap();
    let (_, snap) = Snapshot::read(&path).unwrap();
    save_with(&RealFs, &path, b"two", Some(&snap)).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "two");
    assert_eq!(names(dir.path()), ["a.md"]);
}

/// Real failures, no injection: a folder in the file's place (EISDIR) and a path whose
/// folder is a file (ENOTDIR) are I/O errors in plain words; a deleted file is a conflict
/// with nothing on disk, so the editor can offer to recreate it.
#[test]
fn save_real_folder_in_place_missing_folder_and_deleted_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    fs::write(&path, "one").unwrap();
    let (_, snap) = Snapshot::read(&path).unwrap();

    fs::remove_file(&path).unwrap();
    let err = save(&path, b"two", Some(&snap)).unwrap_err();
    assert!(
        matches!(err, SaveError::Conflict { now: None, .. }),
        "{err:?}"
    );
    assert!(
        !path.exists(),
        "a deleted file is not recreated without asking"
    );

    fs::create_dir(&path).unwrap();
    let err = save(&path, b"two", Some(&snap)).unwrap_err();
    assert!(
        err.to_string().contains("a folder is in the file's place"),
        "{err}"
    );
    assert!(path.is_dir());
    fs::remove_dir(&path).unwrap();

    let file_as_folder = dir.path().join("plain");
    fs::write(&file_as_folder, "x").unwrap();
    let inside = file_as_folder.join("b.md");
    let err = save(&inside, b"two", None).unwrap_err();
    assert!(
        err.to_string().contains("part of the path is a file"),
        "{err}"
    );
    assert_eq!(names(dir.path()), ["plain"]);
}

/// A real refusal to create the temp file (the folder is a file): the reason has the
/// system's words but not the temp file's path, which never existed.
#[test]
fn describe_drops_the_temp_path() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    fs::write(&plain, "x").unwrap();
    let err = RealFs.create_temp(&plain, NewFileMode::Shared).unwrap_err();
    let text = describe(&err);
    assert!(
        text.starts_with("part of the path is a file, not a folder ("),
        "{text}"
    );
    assert!(
        text.contains("os error 20") && !text.contains(".folio-"),
        "{text}"
    );
}

/// Every reason a save fails with is plain words, and unknown errors still get some.
#[test]
fn explain_names_each_failure() {
    for &(_, errno, words) in CASES {
        assert!(
            explain(&io::Error::from_raw_os_error(errno)).contains(words),
            "{errno}"
        );
    }
    assert_eq!(
        explain(&io::Error::other("strange")),
        "the system refused the write"
    );
}
