//! Carrying out the effects `update` asks for. Slow ones (reading files, searching,
//! re-indexing) run on worker threads and answer through the event channel; saves run
//! right away, since nothing may happen to the file in between.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use base64::Engine;
use rayon::prelude::*;

use crate::app::editor::{MAX_EDIT_BYTES, Opened};
use crate::app::journal::Journal;
use crate::app::review::{ReviewEffect, ReviewMsg};
use crate::app::text_search::{SearchHit, find_in_text};
use crate::app::{Content, Effect, Msg, SaveFailure, Tone};
use crate::core::catalog::Catalog;
use crate::core::index::Index;
use crate::core::post::Post;
use crate::core::review;
use crate::core::save::{self, SaveError, Snapshot};
use crate::core::source;

use super::Event;

/// Hits beyond this many posts are not listed.
const MAX_SEARCH_HITS: usize = 1000;

/// What the event loop must do after an effect.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Carry on.
    Continue,
    /// Leave the loop.
    Quit,
    /// Hand the terminal to `$VISUAL` / `$EDITOR` for this file.
    EditExternally(PathBuf),
}

/// What effects need from the runtime.
pub struct Context<'a> {
    /// The channel back to the event loop.
    pub tx: &'a Sender<Event>,
    /// The current index.
    pub index: Option<Arc<Index>>,
    /// Where journals live.
    pub data_dir: Option<&'a Path>,
}

fn send(tx: &Sender<Event>, msg: Msg) {
    let _ = tx.send(Event::App(msg));
}

/// Perform `effect`, writing terminal-level output (OSC 52) to `out`.
pub fn run(effect: Effect, cx: &Context, out: &mut impl Write) -> Outcome {
    match effect {
        Effect::Quit => {
            wait_for_review_saves();
            return Outcome::Quit;
        }
        Effect::EditExternally(path) => return Outcome::EditExternally(path),
        Effect::LoadPost { post, path } => {
            let tx = cx.tx.clone();
            std::thread::spawn(move || {
                let text = source::read(&path)
                    .map(|s| s.text)
                    .map_err(|e| e.to_string());
                send(&tx, Msg::PostLoaded { post, text });
            });
        }
        Effect::Search { generation, query } => {
            if let Some(index) = cx.index.clone() {
                let tx = cx.tx.clone();
                std::thread::spawn(move || {
                    let hits = search(&index, &query);
                    send(&tx, Msg::SearchDone { generation, hits });
                });
            }
        }
        Effect::Render { post, text, width } => {
            if let Some(index) = cx.index.clone() {
                let tx = cx.tx.clone();
                std::thread::spawn(move || {
                    let doc = render(&index, post, &text, width);
                    send(
                        &tx,
                        Msg::Rendered {
                            post,
                            width,
                            doc: Box::new(doc),
                        },
                    );
                });
            }
        }
        Effect::OpenUrl(url) => {
            if let Err(e) = open::that_detached(&url) {
                send(
                    cx.tx,
                    Msg::Notice(Tone::Error, format!("Could not open {url}: {e}")),
                );
            }
        }
        Effect::Copy(text) => {
            let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
            let _ = write!(out, "\x1b]52;c;{encoded}\x07");
            let _ = out.flush();
        }
        Effect::OpenEditor { post, path } => {
            let journal = cx.data_dir.and_then(|d| read_journal(d, &path));
            send(cx.tx, Msg::EditorOpened(open_for_edit(post, path, journal)));
        }
        Effect::Save {
            path,
            bytes,
            text,
            expected,
            then,
        } => {
            let result = save_post(&path, &bytes, text, expected.as_ref());
            send(cx.tx, Msg::Saved { path, result, then });
        }
        Effect::SaveBeside { path, bytes } => {
            let beside = save::conflict_path(&path);
            let result = save::save(&beside, &bytes, None)
                .map(|_| beside)
                .map_err(|e| e.to_string());
            send(cx.tx, Msg::SavedBeside(result));
        }
        Effect::Journal(journal) => {
            if let Some(dir) = cx.data_dir {
                write_journal(dir, &journal);
            }
        }
        Effect::ClearJournal(path) => {
            if let Some(dir) = cx.data_dir
                && let Err(e) = clear_journal(dir, &path)
            {
                send(
                    cx.tx,
                    Msg::Notice(Tone::Error, format!("Could not remove the journal: {e}")),
                );
            }
        }
        Effect::CheckDisk { path, snapshot } => {
            // Same size and modification time: unchanged, without reading the file again.
            // (A save still compares contents, so nothing slips through there.)
            let meta = std::fs::metadata(&path).ok();
            if meta.as_ref().is_some_and(|m| {
                m.len() == snapshot.size
                    && m.modified().ok() == snapshot.modified
                    && snapshot.modified.is_some()
            }) {
                return Outcome::Continue;
            }
            let now = Snapshot::read(&path).ok().map(|(_, now)| now);
            let changed = now
                .as_ref()
                .is_none_or(|now| now.size != snapshot.size || now.hash != snapshot.hash);
            if changed {
                send(cx.tx, Msg::DiskChanged(path, now));
            }
        }
        Effect::Reindex(path) => {
            if let Some(index) = cx.index.clone() {
                let tx = cx.tx.clone();
                std::thread::spawn(move || send(&tx, Msg::Reindexed(reindex(&index, &path))));
            }
        }
        Effect::SetTags { path, tags } => {
            let result = set_tags(&path, &tags).map(|()| path.display().to_string());
            send(cx.tx, Msg::TagsSaved(result));
        }
        Effect::CreatePost { path, title, tags } => {
            let template = cx
                .index
                .as_ref()
                .and_then(|i| i.config.new_post_template.clone());
            let result = create_post(&path, &title, &tags, template.as_deref()).map(|()| path);
            send(cx.tx, Msg::PostCreated(result));
        }
        Effect::Review(effect) => run_review(effect, cx),
    }
    Outcome::Continue
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
fn run_review(effect: ReviewEffect, cx: &Context) {
    let tx = cx.tx.clone();
    let data_dir = cx.data_dir.map(Path::to_owned);
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
    post: usize,
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
            e @ SaveError::Io { .. } => SaveFailure::Io(e.to_string()),
        })
}

/// Read a file for editing: its text, snapshot, and whether it can only be read.
pub fn open_for_edit(
    post: Option<usize>,
    path: PathBuf,
    journal: Option<Journal>,
) -> Result<Box<Opened>, String> {
    let (bytes, snapshot) =
        Snapshot::read(&path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut read_only = None;
    if bytes.len() > MAX_EDIT_BYTES {
        read_only = Some(format!(
            "too large to edit safely ({} KB)",
            bytes.len() / 1024
        ));
    }
    let text = match source::decode(bytes) {
        Ok(src) => {
            if let Some((line, _)) = &src.invalid_utf8 {
                read_only = Some(format!(
                    "not valid UTF-8 (line {line}); saving would change bytes"
                ));
            }
            (src.text, src.has_bom)
        }
        Err(why) => return Err(format!("cannot edit {}: {why}", path.display())),
    };
    Ok(Box::new(Opened {
        post,
        path,
        text: text.0,
        has_bom: text.1,
        snapshot,
        read_only,
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
    match std::fs::remove_file(Journal::file_for(data_dir, path)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn write_journal(data_dir: &Path, journal: &Journal) {
    let file = Journal::file_for(data_dir, &journal.path);
    let Ok(json) = serde_json::to_vec(journal) else {
        return;
    };
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = save::write_atomically(&file, &json);
}

/// The index with the file at `path` read again (added if new), and its catalog.
pub fn reindex(index: &Index, path: &Path) -> Content {
    let rel = path.strip_prefix(&index.root).map_or_else(
        |_| path.display().to_string(),
        crate::core::discovery::rel_path_string,
    );
    let post = Post::load(path, &rel, &index.config.link_templates);
    let index = index.with_post(post);
    let catalog = Catalog::build(&index);
    Content {
        index: Arc::new(index),
        catalog: Arc::new(catalog),
    }
}

/// Rewrite only the `tags` field of the file at `path`.
pub fn set_tags(path: &Path, tags: &[String]) -> Result<(), String> {
    let (bytes, snapshot) = Snapshot::read(path).map_err(|e| e.to_string())?;
    let src = source::decode(bytes).map_err(|e| e.to_string())?;
    if src.invalid_utf8.is_some() {
        return Err("the file is not valid UTF-8".to_owned());
    }
    let text = crate::core::edit::set_tags(&src.text, tags).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(text.len() + 3);
    if src.has_bom {
        out.extend_from_slice(source::UTF8_BOM.as_bytes());
    }
    out.extend_from_slice(text.as_bytes());
    save::save(path, &out, Some(&snapshot))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Write a new post at `path` from the template (or the default one).
pub fn create_post(
    path: &Path,
    title: &str,
    tags: &[String],
    template: Option<&Path>,
) -> Result<(), String> {
    let template = match template {
        Some(t) => std::fs::read_to_string(t)
            .map_err(|e| format!("cannot read the template {}: {e}", t.display()))?,
        None => crate::core::new_post::DEFAULT_TEMPLATE.to_owned(),
    };
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let text = crate::core::new_post::fill(&template, title, &slug, &today, tags)?;
    save::save(path, text.as_bytes(), None)
        .map(|_| ())
        .map_err(|e| match e {
            SaveError::Conflict { .. } => format!("{} already exists", path.display()),
            other @ SaveError::Io { .. } => other.to_string(),
        })
}

/// Every post whose text contains `query`, most matching lines first.
pub fn search(index: &Index, query: &str) -> Vec<SearchHit> {
    let mut hits: Vec<SearchHit> = index
        .posts
        .par_iter()
        .enumerate()
        .filter_map(|(id, post)| {
            let text = source::read(&post.path).ok()?.text;
            let (line, text, count) = find_in_text(&text, query)?;
            Some(SearchHit {
                post: id,
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
