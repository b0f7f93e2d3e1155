//! Carrying out the effects `update` asks for. [`perform`] is the one interpreter of I/O
//! effects: the runtime calls it (on a worker for slow ones: reading, searching,
//! rendering, re-indexing; at once for saves, since nothing may happen to the file in
//! between) and the model tests call the very same function. [`run`] adds what only a
//! terminal can do (quit, the clipboard, a browser, an external editor) and the threads.
//! A worker that panics answers with [`Msg::WorkerFailed`]; the UI keeps going.

use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use base64::Engine;
use rayon::prelude::*;

use crate::app::editor::{MAX_EDIT_BYTES, Opened};
use crate::app::journal::Journal;
use crate::app::review::{ReviewEffect, ReviewMsg};
use crate::app::site_change::Preview;
use crate::app::text_search::{SearchHit, find_in_text};
use crate::app::{Content, Effect, Msg, SaveFailure, Tone};
use crate::core::index::Index;
use crate::core::post::{Post, PostId};
use crate::core::post_ops::{self, create_post, set_tags};
use crate::core::review;
use crate::core::save::{self, NewFileMode, SaveError, Snapshot};
use crate::core::source;

use super::{Event, terminal};

/// Hits beyond this many posts are not listed.
const MAX_SEARCH_HITS: usize = 1000;

/// What the event loop must do after an effect.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Carry on.
    Continue,
    /// Leave the loop.
    Quit,
    /// Hand the terminal to `$VISUAL` / `$EDITOR` for this file, at this line if known.
    EditExternally(PathBuf, Option<usize>),
}

/// What I/O effects need: the current index and where folio keeps its data.
#[derive(Clone, Debug, Default)]
pub struct Io {
    /// The current index.
    pub index: Option<Arc<Index>>,
    /// The current index's catalog (kept by a re-index that leaves the lists alone);
    /// `None` builds it anew.
    pub catalog: Option<Arc<crate::core::catalog::Catalog>>,
    /// Where journals live (`None`: nowhere, journals are not written).
    pub data_dir: Option<PathBuf>,
}

impl Io {
    /// The current index with its catalog (built here when not given).
    fn content(&self) -> Option<Content> {
        let index = Arc::clone(self.index.as_ref()?);
        Some(match &self.catalog {
            Some(catalog) => Content {
                index,
                catalog: Arc::clone(catalog),
            },
            None => Content::of(index),
        })
    }
}

fn send(tx: &Sender<Event>, msg: Msg) {
    // The loop has ended (folio is quitting): nobody is left to tell.
    let _ = tx.send(Event::App(msg));
}

/// Whether `effect` runs on a worker thread rather than at once.
pub fn runs_in_background(effect: &Effect) -> bool {
    matches!(
        effect,
        Effect::LoadPost { .. }
            | Effect::Search { .. }
            | Effect::Render { .. }
            | Effect::LoadGrammars
            | Effect::Reindex(_)
            | Effect::ReindexPaths(_)
            | Effect::Rebuild
            | Effect::PlanTagOp(_)
            | Effect::PlanRename { .. }
    )
}

/// Perform `effect`: terminal effects here, I/O through [`perform`] (slow ones on a worker).
/// Terminal-level output (OSC 52) goes to `out`.
pub fn run(effect: Effect, io: &Io, tx: &Sender<Event>, out: &mut impl Write) -> Outcome {
    match effect {
        Effect::Quit => {
            wait_for_review_saves();
            return Outcome::Quit;
        }
        Effect::EditExternally { path, line } => return Outcome::EditExternally(path, line),
        Effect::Review(effect) => run_review(effect, io, tx),
        Effect::OpenUrl(url) => {
            if let Err(e) = open::that_detached(&url) {
                send(
                    tx,
                    Msg::Notice(Tone::Error, format!("Could not open {url}: {e}")),
                );
            }
        }
        Effect::SetMouseCapture(on) => {
            if let Err(e) = terminal::set_mouse_capture(on) {
                send(
                    tx,
                    Msg::Notice(Tone::Error, format!("Could not switch the mouse: {e}")),
                );
            }
        }
        Effect::Copy(text) => {
            let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
            let written = write!(out, "\x1b]52;c;{encoded}\x07").and_then(|()| out.flush());
            if let Err(e) = written {
                send(tx, Msg::Notice(Tone::Error, format!("Could not copy: {e}")));
            }
        }
        effect if runs_in_background(&effect) => {
            let io = io.clone();
            spawn_worker(tx.clone(), effect.name(), effect.post(), move || {
                perform(effect, &io)
            });
        }
        effect => {
            if let Some(msg) = perform(effect, io) {
                send(tx, msg);
            }
        }
    }
    Outcome::Continue
}

/// Run `job` on a new thread and send its answer; a panic becomes [`Msg::WorkerFailed`].
pub fn spawn_worker(
    tx: Sender<Event>,
    job_name: &'static str,
    post: Option<crate::core::post::PostId>,
    job: impl FnOnce() -> Option<Msg> + Send + 'static,
) {
    std::thread::spawn(
        move || match std::panic::catch_unwind(AssertUnwindSafe(job)) {
            Ok(Some(msg)) => send(&tx, msg),
            Ok(None) => {}
            Err(payload) => send(
                &tx,
                Msg::WorkerFailed {
                    job: job_name,
                    post,
                    message: panic_message(payload.as_ref()),
                },
            ),
        },
    );
}

/// The text of a panic's payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// Carry out an I/O effect at once and return the message it answers with, if any. The
/// runtime and the model tests both call this. Terminal effects (quit, copy, open a URL,
/// an external editor) are [`run`]'s and answer nothing here.
#[allow(
    clippy::too_many_lines,
    reason = "one short arm per effect: the whole vocabulary in one place is the point"
)]
pub fn perform(effect: Effect, io: &Io) -> Option<Msg> {
    let data_dir = io.data_dir.as_deref();
    match effect {
        Effect::LoadPost { post, path } => {
            let text = source::read(&path)
                .map(|s| s.text)
                .map_err(|e| e.to_string());
            Some(Msg::PostLoaded { post, text })
        }
        Effect::Search { generation, query } => {
            let hits = search(io.index.as_deref()?, &query);
            Some(Msg::SearchDone { generation, hits })
        }
        Effect::LoadGrammars => {
            crate::render::highlight::load();
            Some(Msg::GrammarsLoaded)
        }
        Effect::Render { post, text, width } => {
            let doc = render(io.index.as_deref()?, post, &text, width);
            Some(Msg::Rendered {
                post,
                width,
                doc: Box::new(doc),
            })
        }
        Effect::OpenEditor { post, path } => {
            let journal = data_dir.and_then(|d| read_journal(d, &path));
            Some(Msg::EditorOpened(open_for_edit(post, path, journal)))
        }
        effect @ (Effect::Save { .. } | Effect::SaveAs { .. } | Effect::SaveBeside { .. }) => {
            save_edits(effect)
        }
        Effect::Journal(journal) => {
            let dir = data_dir?;
            let result = write_journal(dir, &journal);
            super::log::journal(&journal.path, &result);
            Some(Msg::Journalled(result))
        }
        Effect::ClearJournal(path) => {
            let dir = data_dir?;
            clear_journal(dir, &path)
                .err()
                .map(|e| Msg::Notice(Tone::Error, format!("Could not remove the journal: {e}")))
        }
        Effect::CheckDisk { path, snapshot } => check_disk(path, &snapshot),
        Effect::Reindex(path) => Some(Msg::Reindexed(reindex(&io.content()?, &path))),
        Effect::Rebuild => {
            let root = io.index.as_deref()?.root.clone();
            Some(match Index::build(&root) {
                Ok(index) => Msg::Reindexed(Content::of(Arc::new(index))),
                Err(e) => Msg::Notice(Tone::Error, format!("Cannot re-read the site: {e}")),
            })
        }
        Effect::ReindexPaths(paths) => Some(Msg::Reindexed(reindex_paths(&io.content()?, &paths))),
        Effect::PlanTagOp(op) => {
            let index = io.index.as_deref()?;
            let result = crate::core::tag_ops::plan(index, &op)
                .map(|changes| Box::new(Preview::new(op.describe(), changes)))
                .map_err(|why| format!("Cannot {}: {why}", op.describe()));
            Some(Msg::Planned(result))
        }
        Effect::PlanRename {
            post,
            rel_path,
            slug,
        } => {
            let index = io.index.as_deref()?;
            let what = format!("rename {rel_path} to {slug}");
            let result = match index.lookup.by_path.get(rel_path.as_str()) {
                Some(&id) if id == post => crate::core::rename::plan(index, id, &slug)
                    .map(|changes| {
                        let new_rel = crate::core::rename::new_rel_path(index, id, &slug);
                        let preview = Preview::new(what.clone(), changes);
                        Box::new(preview.renaming(rel_path.clone(), new_rel))
                    })
                    .map_err(|why| format!("Cannot {what}: {why}")),
                _ => Err(format!("Cannot {what}: the post moved; try again")),
            };
            Some(Msg::Planned(result))
        }
        Effect::ApplyChanges {
            description,
            changes,
        } => {
            let result = changes
                .apply()
                .map(|_| changed_paths(&changes))
                .map_err(|e| e.message);
            Some(Msg::ChangesApplied {
                description,
                result,
            })
        }
        Effect::SetTags { path, tags } => {
            let result = set_tags(&path, &tags).map(|()| path.display().to_string());
            Some(Msg::TagsSaved(result))
        }
        Effect::CreatePost { path, title, tags } => {
            let template = io
                .index
                .as_ref()
                .and_then(|i| i.config.new_post_template.clone());
            let result = create_post(&path, &title, &tags, template.as_deref()).map(|()| path);
            Some(Msg::PostCreated(result))
        }
        Effect::Review(effect) => Some(review(effect, data_dir)),
        Effect::Quit
        | Effect::EditExternally { .. }
        | Effect::OpenUrl(_)
        | Effect::Copy(_)
        | Effect::SetMouseCapture(_) => None,
    }
}

/// Carry out a save of the editor's edits (in place, elsewhere, or beside), and log it.
fn save_edits(effect: Effect) -> Option<Msg> {
    match effect {
        Effect::Save {
            path,
            bytes,
            text,
            expected,
            then,
        } => {
            let result = save_post(&path, &bytes, text, expected.as_ref());
            super::log::save("save", &path, bytes.len(), &result);
            Some(Msg::Saved { path, result, then })
        }
        Effect::SaveAs {
            path,
            bytes,
            text,
            expected,
        } => {
            let result = save_post(&path, &bytes, text, expected.as_ref());
            super::log::save("save as", &path, bytes.len(), &result);
            Some(Msg::SavedAs { path, result })
        }
        Effect::SaveBeside { path, bytes } => {
            let beside = save::conflict_path(&path);
            let result = save::save(&beside, &bytes, None)
                .map(|_| beside.clone())
                .map_err(|e| e.to_string());
            super::log::save("save beside", &beside, bytes.len(), &result);
            Some(Msg::SavedBeside(result))
        }
        _ => None,
    }
}

/// Whether the file still matches `snapshot`; [`Msg::DiskChanged`] if not.
fn check_disk(path: PathBuf, snapshot: &Snapshot) -> Option<Msg> {
    // Same size and modification time: unchanged, without reading the file again.
    // (A save still compares contents, so nothing slips through there.)
    let meta = std::fs::metadata(&path).ok();
    if meta.as_ref().is_some_and(|m| {
        m.len() == snapshot.size
            && m.modified().ok() == snapshot.modified
            && snapshot.modified.is_some()
    }) {
        return None;
    }
    let now = Snapshot::read(&path).ok().map(|(_, now)| now);
    let changed = now
        .as_ref()
        .is_none_or(|now| now.size != snapshot.size || now.hash != snapshot.hash);
    if changed {
        tracing::info!(path = %path.display(), gone = now.is_none(), "file changed on disk");
    }
    changed.then_some(Msg::DiskChanged(path, now))
}

/// The number of the newest marks file save written (or being written). One app per
/// process numbers its saves from 1, so this is per process.
static REVIEW_SAVED: Mutex<u64> = Mutex::new(0);

/// Marks file saves asked for and not finished: quitting waits for them.
static REVIEW_SAVING: AtomicUsize = AtomicUsize::new(0);

/// How long quitting waits for marks file saves still running.
const SAVE_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Wait (a bounded time) until no marks file save is running.
fn wait_for_review_saves() {
    let start = std::time::Instant::now();
    while REVIEW_SAVING.load(Ordering::SeqCst) > 0 && start.elapsed() < SAVE_WAIT {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Review effects run on a worker, so start-up and key presses never wait for reading,
/// hashing or writing. Saves take turns, and one overtaken by a newer save (which holds
/// every mark) is skipped, so the file always ends with the newest marks.
fn run_review(effect: ReviewEffect, io: &Io, tx: &Sender<Event>) {
    let tx = tx.clone();
    let data_dir = io.data_dir.clone();
    let ReviewEffect::Save { number, .. } = effect else {
        std::thread::spawn(move || send(&tx, review(effect, data_dir.as_deref())));
        return;
    };
    REVIEW_SAVING.fetch_add(1, Ordering::SeqCst);
    std::thread::spawn(move || {
        let mut newest = REVIEW_SAVED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if number >= *newest {
            *newest = number;
            send(&tx, review(effect, data_dir.as_deref()));
        }
        drop(newest);
        REVIEW_SAVING.fetch_sub(1, Ordering::SeqCst);
    });
}

/// Carry out a review effect (marks in `data_dir`) and return its answer. The runtime
/// and the model tests both call this.
pub fn review(effect: ReviewEffect, data_dir: Option<&Path>) -> Msg {
    Msg::Review(match effect {
        ReviewEffect::Load { root } => ReviewMsg::Loaded(match data_dir {
            Some(dir) => review::load(&review::file_for(dir, &root)).map_err(|e| e.to_string()),
            None => Err("no data folder to keep them in".to_owned()),
        }),
        ReviewEffect::Hash { root, posts, mark } => ReviewMsg::Hashed {
            hashes: review::hash_posts(&root, &posts),
            mark,
        },
        ReviewEffect::Save { root, marks, .. } => ReviewMsg::Saved(match data_dir {
            Some(dir) => {
                review::store(&review::file_for(dir, &root), &marks).map_err(|e| e.to_string())
            }
            None => Err("no data folder to keep them in".to_owned()),
        }),
    })
}

/// A post rendered as the reader shows it (what [`Effect::Render`] does on a worker).
pub fn render(
    index: &Index,
    post: PostId,
    text: &str,
    width: usize,
) -> crate::render::markdown::Rendered {
    crate::render::document::render_post(
        index,
        post,
        text,
        width,
        crate::render::document::DocumentOptions::default(),
    )
}

/// Save an edited post (see [`save::save`]), in the terms the editor understands.
pub fn save_post(
    path: &Path,
    bytes: &[u8],
    text: String,
    expected: Option<&Snapshot>,
) -> Result<(Snapshot, String), SaveFailure> {
    save::save(path, bytes, expected)
        .map(|snapshot| (snapshot, text))
        .map_err(|e| match e {
            SaveError::Conflict { now, .. } => SaveFailure::Conflict(now),
            SaveError::Io { source, .. } => SaveFailure::Io(save::describe(&source)),
        })
}

/// Read a file for editing: its text, snapshot, and whether it can only be read.
pub fn open_for_edit(
    post: Option<PostId>,
    path: PathBuf,
    journal: Option<Journal>,
) -> Result<Box<Opened>, String> {
    let file = post_ops::read_for_edit(&path, MAX_EDIT_BYTES)?;
    Ok(Box::new(Opened {
        post,
        path,
        text: file.text,
        has_bom: file.has_bom,
        snapshot: file.snapshot,
        read_only: file.read_only,
        journal,
    }))
}

/// The journalled edits of the post at `path`, if any: from its own file, else from a
/// journal an older build wrote under another name (each journal names its post).
pub fn read_journal(data_dir: &Path, path: &Path) -> Option<Journal> {
    let own = std::fs::read_to_string(Journal::file_for(data_dir, path))
        .ok()
        .and_then(|text| Journal::from_json(&text))
        .filter(|j| j.is_for(path));
    own.or_else(|| {
        older_journal_files(data_dir, path)
            .into_iter()
            .map(|(_, journal)| journal)
            .next()
    })
}

/// Journals of `path` written under names other than [`Journal::file_for`] (by builds
/// that named them with `DefaultHasher`).
fn older_journal_files(data_dir: &Path, path: &Path) -> Vec<(PathBuf, Journal)> {
    let own = Journal::file_for(data_dir, path);
    let Ok(entries) = std::fs::read_dir(Journal::dir(data_dir)) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|f| *f != own && f.extension().is_some_and(|x| x == "json"))
        .filter_map(|f| {
            let journal = Journal::from_json(&std::fs::read_to_string(&f).ok()?)?;
            journal.is_for(path).then_some((f, journal))
        })
        .collect()
}

/// Forget every journal of `path`.
pub fn clear_journal(data_dir: &Path, path: &Path) -> std::io::Result<()> {
    for (file, _) in older_journal_files(data_dir, path) {
        std::fs::remove_file(file)?;
    }
    // No journal there (or no journal folder at all) is nothing to clear.
    match std::fs::remove_file(Journal::file_for(data_dir, path)) {
        Err(e)
            if !matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            Err(e)
        }
        _ => Ok(()),
    }
}

/// Write `journal` atomically to its private file; the error says why not.
pub fn write_journal(data_dir: &Path, journal: &Journal) -> Result<(), String> {
    let file = Journal::file_for(data_dir, &journal.path);
    let json = serde_json::to_vec(journal).map_err(|e| e.to_string())?;
    let dir = Journal::dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    save::write_atomically_as(&file, &json, NewFileMode::Private)
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// The content with the file at `path` read again (added if new): the index updated
/// incrementally, the catalog's lists kept when they can be.
pub fn reindex(content: &Content, path: &Path) -> Content {
    let index = &content.index;
    content.after_change(Arc::new(
        index.with_files(vec![load_post(index, path)], &[]),
    ))
}

/// The path of `path` relative to `index`'s root, as the index names posts.
fn rel_of(index: &Index, path: &Path) -> String {
    path.strip_prefix(&index.root).map_or_else(
        |_| path.display().to_string(),
        crate::core::discovery::rel_path_string,
    )
}

/// The file at `path` read as a post of `index`'s site.
fn load_post(index: &Index, path: &Path) -> Post {
    Post::load(path, &rel_of(index, path), &index.config.link_templates)
}

/// The index with every file of `paths` read again (added if new, dropped if gone). A new
/// file is taken only if discovery would take it (not ignored, excluded or in build
/// output), so a watcher event in `_site/` or an excluded folder adds nothing.
pub fn reindex_paths(content: &Content, paths: &[PathBuf]) -> Content {
    let index = &content.index;
    let known = |path: &PathBuf| {
        index
            .lookup
            .by_path
            .contains_key(rel_of(index, path).as_str())
    };
    let discovered: Option<std::collections::HashSet<PathBuf>> =
        paths.iter().any(|p| p.is_file() && !known(p)).then(|| {
            crate::core::discovery::discover_excluding(&index.root, &index.config.exclude)
                .map(|found| found.into_iter().map(|f| f.path).collect())
                .unwrap_or_default()
        });
    let wanted =
        |path: &PathBuf| known(path) || discovered.as_ref().is_some_and(|d| d.contains(path));
    let paths: Vec<&PathBuf> = paths.iter().filter(|p| !p.is_file() || wanted(p)).collect();
    // Only the files named are read; the index re-resolves only the links they affect.
    let (files, gone): (Vec<&PathBuf>, Vec<&PathBuf>) =
        paths.into_iter().partition(|p| p.is_file());
    let upserts = files.into_iter().map(|p| load_post(index, p)).collect();
    let removed: Vec<String> = gone.into_iter().map(|p| rel_of(index, p)).collect();
    content.after_change(Arc::new(index.with_files(upserts, &removed)))
}

/// Every file a change set wrote or moved away from and to (a moved folder's posts on
/// both sides).
fn changed_paths(changes: &crate::core::change_set::ChangeSet) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = changes.files.iter().map(|f| f.path.clone()).collect();
    for m in &changes.moves {
        if m.to.is_dir() {
            for entry in walkdir::WalkDir::new(&m.to)
                .into_iter()
                .filter_map(Result::ok)
            {
                if let Ok(rel) = entry.path().strip_prefix(&m.to)
                    && entry.file_type().is_file()
                {
                    paths.push(m.from.join(rel));
                    paths.push(entry.path().to_owned());
                }
            }
        } else {
            paths.push(m.from.clone());
            paths.push(m.to.clone());
        }
    }
    paths
}

/// Every post whose text contains `query`, most matching lines first.
pub fn search(index: &Index, query: &str) -> Vec<SearchHit> {
    let mut hits: Vec<SearchHit> = index
        .posts
        .par_iter()
        .enumerate()
        .filter_map(|(id, post)| {
            let text = source::read(&post.path_in(&index.root)).ok()?.text;
            let (line, text, count) = find_in_text(&text, query)?;
            Some(SearchHit {
                post: PostId::new(id),
                line,
                text,
                count,
            })
        })
        .collect();
    hits.sort_by(|a, b| b.count.cmp(&a.count).then(a.post.cmp(&b.post)));
    hits.truncate(MAX_SEARCH_HITS);
    hits
}
