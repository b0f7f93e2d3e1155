//! Unit tests of saving: conflicts, new files, permissions and symlinks, the umask, conflict copies.

use super::*;

#[test]
fn save_writes_when_unchanged_and_refuses_on_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    fs::write(&path, "one").unwrap();
    let (_, snap) = Snapshot::read(&path).unwrap();
    let snap = save(&path, b"two", Some(&snap)).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "two");
    fs::write(&path, "someone else").unwrap();
    let err = save(&path, b"three", Some(&snap)).unwrap_err();
    assert!(matches!(err, SaveError::Conflict { now: Some(_), .. }));
    assert_eq!(fs::read_to_string(&path).unwrap(), "someone else");
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temp files left behind");
}

#[test]
fn save_new_file_must_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.md");
    save(&path, b"x", None).unwrap();
    assert!(matches!(
        save(&path, b"y", None),
        Err(SaveError::Conflict { .. })
    ));
}

#[cfg(unix)]
#[test]
fn save_keeps_permissions_and_writes_through_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.md");
    fs::write(&real, "one").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (_, snap) = Snapshot::read(&link).unwrap();
    save(&link, b"two", Some(&snap)).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), "two");
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

/// The umask of this process, read from a file created with mode 0666.
#[cfg(unix)]
fn umask() -> u32 {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o666)
        .open(&probe)
        .unwrap();
    0o666 & !fs::metadata(&probe).unwrap().permissions().mode() & 0o777
}

/// New posts and conflict files get `0666 & !umask` (0644 under umask 022), not the
/// 0600 of a temp file; folio's own data files stay private.
#[cfg(unix)]
#[test]
fn save_new_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let post = dir.path().join("new.md");
    save(&post, b"x", None).unwrap();
    assert_eq!(mode(&post), 0o666 & !umask());
    assert_ne!(
        mode(&post) & 0o044,
        0,
        "readable beyond the owner under any usual umask"
    );
    let beside = conflict_path(&post);
    save(&beside, b"y", None).unwrap();
    assert_eq!(mode(&beside), 0o666 & !umask());
    let journal = dir.path().join("journal.json");
    write_atomically_as(&journal, b"{}", NewFileMode::Private).unwrap();
    assert_eq!(mode(&journal), 0o600);
}

#[test]
fn conflict_path_is_beside_and_unique() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("post.md");
    let first = conflict_path(&path);
    assert_eq!(first.file_name().unwrap(), "post.folio-conflict.md");
    fs::write(&first, "x").unwrap();
    assert_eq!(
        conflict_path(&path).file_name().unwrap(),
        "post.folio-conflict-2.md"
    );
}
