//! The terminal runtime: the only code that talks to the terminal. It builds the index in
//! the background, turns terminal events into messages, runs `update`, performs effects,
//! and draws. Everything arrives through one channel.

pub mod effects;
pub mod terminal;

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use crossterm::event::{Event as TermEvent, KeyEventKind, MouseButton, MouseEventKind};

use crate::app::memory::Memory;
use crate::app::user_config::{self, ThemeName, UserConfig};
use crate::app::{App, Content, Msg, Tone};
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

/// How often timers run (journalling, watching the edited file).
const TICK: Duration = Duration::from_millis(250);

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
        .as_deref()
        .and_then(read_memory)
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
    let pause = InputPause::default();
    spawn_input(tx.clone(), pause.clone());
    let size = guard.terminal.size()?;
    app.update(Msg::Resize(size.width, size.height));
    let data_dir = user_config::data_dir();
    let result = event_loop(
        &mut app,
        &mut guard,
        &rx,
        &tx,
        &stop,
        data_dir.as_deref(),
        &pause,
    );
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
    data_dir: Option<&Path>,
    pause: &InputPause,
) -> Result<()> {
    let mut last_tick = Instant::now();
    loop {
        guard.terminal.draw(|frame| crate::ui::draw(app, frame))?;
        let first = match rx.recv_timeout(TICK) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        let tick = (last_tick.elapsed() >= TICK).then(|| {
            last_tick = Instant::now();
            Event::App(Msg::Tick)
        });
        // Handle everything already waiting before drawing again.
        for event in first.into_iter().chain(tick).chain(rx.try_iter()) {
            let Some(msg) = to_msg(app, event) else {
                continue;
            };
            let mut pending: VecDeque<_> = app.update(msg).into();
            while let Some(effect) = pending.pop_front() {
                let cx = effects::Context {
                    tx,
                    index: app.content.as_ref().map(|c| Arc::clone(&c.index)),
                    data_dir,
                };
                match effects::run(effect, &cx, guard.terminal.backend_mut()) {
                    effects::Outcome::Continue => {}
                    effects::Outcome::Quit => return Ok(()),
                    effects::Outcome::EditExternally(path) => {
                        pause.pause();
                        let note = edit_externally(guard, &path);
                        pause.resume();
                        pending.extend(app.update(Msg::Notice(note.0, note.1)));
                        pending.push_back(crate::app::Effect::Reindex(path));
                    }
                }
            }
        }
    }
}

/// Suspend the UI, run `$VISUAL` / `$EDITOR` (no shell) on `path`, and take the terminal back.
fn edit_externally(guard: &mut terminal::TerminalGuard, path: &Path) -> (Tone, String) {
    let command = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_owned());
    let mut words = command.split_whitespace();
    let Some(program) = words.next() else {
        return (
            Tone::Error,
            "Set $VISUAL or $EDITOR to edit outside folio".to_owned(),
        );
    };
    terminal::restore();
    let status = std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status();
    let resumed = terminal::resume(&mut guard.terminal);
    match (status, resumed) {
        (_, Err(e)) => (
            Tone::Error,
            format!("Could not take the terminal back: {e}"),
        ),
        (Ok(s), Ok(())) if s.success() => (
            Tone::Info,
            format!("Back from {program}; {} re-read", path.display()),
        ),
        (Ok(s), Ok(())) => (Tone::Error, format!("{program} exited with {s}")),
        (Err(e), Ok(())) => (Tone::Error, format!("Could not run {program}: {e}")),
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

/// Lets the runtime stop the input thread from reading while another program (an
/// external editor) has the terminal.
#[derive(Clone, Default)]
struct InputPause {
    paused: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
}

impl InputPause {
    /// Stop reading input; returns once the reader is idle.
    fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        let start = Instant::now();
        while !self.idle.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

fn spawn_input(tx: Sender<Event>, pause: InputPause) {
    std::thread::spawn(move || {
        loop {
            if pause.paused.load(Ordering::SeqCst) {
                pause.idle.store(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
            pause.idle.store(false, Ordering::SeqCst);
            match crossterm::event::poll(Duration::from_millis(50)) {
                Ok(true) => match crossterm::event::read() {
                    Ok(event) => {
                        if tx.send(Event::Terminal(event)).is_err() {
                            break;
                        }
                    }
                    Err(_) => break,
                },
                Ok(false) => {}
                Err(_) => break,
            }
        }
    });
}

/// What is remembered for this root: from its own file, else from the file an older build
/// named differently.
fn read_memory(file: &Path) -> Option<Memory> {
    if let Ok(text) = std::fs::read_to_string(file) {
        return Some(Memory::from_json(&text));
    }
    let candidates: Vec<PathBuf> = std::fs::read_dir(file.parent()?)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let older = Memory::older_file(file, &candidates)?;
    std::fs::read_to_string(older)
        .ok()
        .map(|t| Memory::from_json(&t))
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
