//! Carrying out the effects `update` asks for. Slow ones (reading files, searching) run on
//! worker threads and answer through the event channel.

use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc::Sender;

use base64::Engine;
use rayon::prelude::*;

use crate::app::text_search::{SearchHit, find_in_text};
use crate::app::{Effect, Msg, Tone};
use crate::core::index::Index;
use crate::core::source;

use super::Event;

/// Hits beyond this many posts are not listed.
const MAX_SEARCH_HITS: usize = 1000;

/// Perform `effect`. Returns `true` when the app should quit.
pub fn run(
    effect: Effect,
    index: Option<&Arc<Index>>,
    tx: &Sender<Event>,
    out: &mut impl Write,
) -> bool {
    match effect {
        Effect::Quit => return true,
        Effect::LoadPost { post, path } => {
            let tx = tx.clone();
            std::thread::spawn(move || {
                let text = source::read(&path)
                    .map(|s| s.text)
                    .map_err(|e| e.to_string());
                let _ = tx.send(Event::App(Msg::PostLoaded { post, text }));
            });
        }
        Effect::Search { generation, query } => {
            if let Some(index) = index.cloned() {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    let hits = search(&index, &query);
                    let _ = tx.send(Event::App(Msg::SearchDone { generation, hits }));
                });
            }
        }
        Effect::OpenUrl(url) => {
            if let Err(e) = open::that_detached(&url) {
                let _ = tx.send(Event::App(Msg::Notice(
                    Tone::Error,
                    format!("Could not open {url}: {e}"),
                )));
            }
        }
        Effect::Copy(text) => {
            let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
            let _ = write!(out, "\x1b]52;c;{encoded}\x07");
            let _ = out.flush();
        }
    }
    false
}

/// Every post whose text contains `query`, in index order.
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
