//! The terminal runtime: the only code that talks to the terminal. It builds the index in
//! the background, turns terminal events into messages, runs `update`, performs effects,
//! and draws. Everything arrives through one channel.

pub mod effects;
pub mod terminal;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use crossterm::event::{Event as TermEvent, KeyEventKind, MouseButton, MouseEventKind};

use crate::app::memory::Memory;
use crate::app::user_config::{self, ThemeName, UserConfig};
use crate::app::{App, Content, Msg};
use crate::core::catalog::Catalog;
use crate::core::index::Index;

/// What arrives on the runtime's channel.
#[derive(Debug)]
pub enum Event {
    /// From the terminal.
    Terminal(TermEvent),
    /// From a worker.
    App(Msg),
}

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: isize = 3;

/// Run the UI on `root`; `open` is a post to open straight away.
pub fn run(root: PathBuf, open: Option<PathBuf>) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the terminal UI needs a terminal; for scripts use `folio list`, `folio check` or `folio show`"
        );
    }
    let config =
        UserConfig::load(user_config::config_dir().as_deref()).map_err(anyhow::Error::msg)?;
    let memory_file = user_config::data_dir().map(|d| Memory::file_for(&d, &root));
    let memory = memory_file
        .as_ref()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .map(|t| Memory::from_json(&t))
        .unwrap_or_default();
    let mut app = App::new(root.clone(), config.keymap, memory);
    app.monochrome = config.theme == ThemeName::Mono
        || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.open_on_start = open;

    let (tx, rx) = mpsc::channel();
    spawn_indexer(root, tx.clone());
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("cannot watch for signals")?;
    }
    let mut guard = terminal::setup().context("cannot set up the terminal")?;
    spawn_input(tx.clone());
    let size = guard.terminal.size()?;
    app.update(Msg::Resize(size.width, size.height));
    let result = event_loop(&mut app, &mut guard, &rx, &tx, &stop);
    drop(guard);
    if let Some(file) = memory_file {
        save_memory(&file, &app.memory);
    }
    result
}

fn event_loop(
    app: &mut App,
    guard: &mut terminal::TerminalGuard,
    rx: &Receiver<Event>,
    tx: &Sender<Event>,
    stop: &AtomicBool,
) -> Result<()> {
    loop {
        guard.terminal.draw(|frame| crate::ui::draw(app, frame))?;
        let first = match rx.recv_timeout(Duration::from_millis(250)) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        // Handle everything already waiting before drawing again.
        for event in first.into_iter().chain(rx.try_iter()) {
            let Some(msg) = to_msg(app, event) else {
                continue;
            };
            let effects = app.update(msg);
            let index = app.content.as_ref().map(|c| Arc::clone(&c.index));
            for effect in effects {
                if effects::run(effect, index.as_ref(), tx, guard.terminal.backend_mut()) {
                    return Ok(());
                }
            }
        }
    }
}

fn to_msg(app: &App, event: Event) -> Option<Msg> {
    match event {
        Event::App(msg) => Some(msg),
        Event::Terminal(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
            app.key_to_msg(key)
        }
        Event::Terminal(TermEvent::Resize(w, h)) => Some(Msg::Resize(w, h)),
        Event::Terminal(TermEvent::Mouse(mouse)) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Msg::Scroll { lines: WHEEL_LINES }),
            MouseEventKind::ScrollUp => Some(Msg::Scroll {
                lines: -WHEEL_LINES,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            _ => None,
        },
        Event::Terminal(_) => None,
    }
}

fn spawn_indexer(root: PathBuf, tx: Sender<Event>) {
    std::thread::spawn(move || {
        let msg = match Index::build(&root) {
            Ok(index) => {
                let catalog = Catalog::build(&index);
                Msg::Indexed(Content {
                    index: Arc::new(index),
                    catalog: Arc::new(catalog),
                })
            }
            Err(e) => Msg::IndexFailed(e.to_string()),
        };
        let _ = tx.send(Event::App(msg));
    });
}

fn spawn_input(tx: Sender<Event>) {
    std::thread::spawn(move || {
        while let Ok(event) = crossterm::event::read() {
            if tx.send(Event::Terminal(event)).is_err() {
                break;
            }
        }
    });
}

fn save_memory(file: &std::path::Path, memory: &Memory) {
    let Ok(json) = serde_json::to_string(memory) else {
        return;
    };
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let tmp = file.with_extension("json.tmp");
    if std::fs::write(&tmp, json).is_ok() {
        let _ = std::fs::rename(&tmp, file);
    }
}
