//! The terminal runtime: the only code that talks to the terminal. It builds the index in
//! the background, turns terminal events into messages, runs `update`, performs effects,
//! and draws. Everything arrives through one channel.

pub mod effects;
pub mod external_editor;
pub mod first_screen;
pub mod heap;
mod input;
pub mod log;
pub mod startup;
pub mod terminal;
pub mod watch;

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use crossterm::event::{
    Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::app::memory::Memory;
use crate::app::user_config::{self, ThemeName, UserConfig};
use crate::app::{App, Msg, Tone};

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

/// Why the event loop ended.
#[derive(Debug, PartialEq, Eq)]
enum Stop {
    /// The user quit.
    Quit,
    /// SIGHUP (the connection dropped) or SIGTERM.
    Signal,
}

/// Run the UI on `root`; `open` is a post to open straight away.
pub fn run(root: PathBuf, open: Option<PathBuf>) -> Result<()> {
    let started = Instant::now();
    heap::small_start();
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the terminal UI needs a terminal; for scripts use `folio list`, `folio check` or `folio show`"
        );
    }
    let config =
        UserConfig::load(user_config::config_dir().as_deref()).map_err(anyhow::Error::msg)?;
    let data_dir = user_config::data_dir();
    let memory_file = data_dir.as_ref().map(|d| Memory::file_for(d, &root));
    let memory = memory_file
        .as_deref()
        .and_then(read_memory)
        .unwrap_or_default();
    let log_file = log::init();
    let mut app = App::new(root.clone(), config.keymap, memory);
    if let Err(why) = &log_file {
        app.say(Tone::Error, why.clone());
    }
    if !config.warnings.is_empty() {
        app.say(Tone::Error, config.warnings.join("; "));
    }
    app.monochrome = config.theme == ThemeName::Mono
        || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.open_on_start = open;
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("cannot watch for signals")?;
    }
    // Before the post is read: the watch reports any change made from now on.
    let indexing_began = std::time::SystemTime::now();
    let (mut guard, size, first_effects) = first_screen::draw(&mut app, &root, started)?;

    let (tx, rx) = mpsc::channel();
    let (shown_tx, shown_rx) = mpsc::channel();
    let mut first_screen = vec![shown_tx];
    // `folio POST.md`: the walk that checks the cache's index waits for the post's first
    // screen; a folder's list needs no more than the cache's.
    let go_on = app.open_on_start.is_some().then(|| {
        let (go_tx, go_rx) = mpsc::channel();
        first_screen.push(go_tx);
        go_rx
    });
    let (indexed_tx, indexed_rx) = mpsc::channel();
    startup::spawn_indexer(root.clone(), tx.clone(), go_on, indexed_tx);
    // Setting up the watch visits every file of the site: it starts once the first screen
    // folio was started for (the list, or the post to open) is drawn and the full index is
    // on its way, and then reports every post modified since indexing began, so a change
    // made meanwhile is not lost (nor applied to the cache's index and then replaced). The
    // handle holds the watcher (the thread's result) until folio ends.
    let _watcher = {
        let tx = tx.clone();
        std::thread::spawn(move || {
            // An error: folio ended before its first screen; nothing to watch for.
            shown_rx.recv().ok()?;
            // An error only means the indexer ended early (it failed): watch all the same.
            let _ = indexed_rx.recv();
            watch::watch(&root, &tx, Some(indexing_began))
        })
    };
    let pause = input::InputPause::default();
    input::spawn(tx.clone(), pause.clone(), Arc::clone(&stop));
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        root = %app.root.display(),
        width = size.width,
        height = size.height,
        "folio started"
    );
    let io = effects::Io {
        data_dir: data_dir.clone(),
        ..effects::Io::default()
    };
    let signals = Signals {
        stop: &stop,
        pause: &pause,
        first_screen,
        first_effects,
    };
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut app, &mut guard, &rx, &tx, io, signals)
    }));
    // Unsaved edits go to the journal before anything else can fail: a dropped SSH
    // connection (SIGHUP), SIGTERM or a panic must not take them (vim writes its swap file
    // the same way).
    let journal_note = match &result {
        Ok(Ok(Stop::Quit)) => None,
        _ => emergency_journal(&app, data_dir.as_deref()),
    };
    drop(guard);
    if let Some(note) = &journal_note {
        terminal::tell(&format!("folio: {note}"));
    }
    if let Some(file) = memory_file
        && let Err(e) = save_memory(&file, &app.memory)
    {
        terminal::tell(&format!("folio: could not remember reading positions: {e}"));
    }
    tracing::info!(stop = ?result.as_ref().map(|r| r.as_ref().ok()), "folio stopped");
    // Everything is saved and the terminal is restored: the process's exit frees the
    // app's memory at once, where dropping the index piece by piece kept the shell's
    // prompt waiting (165 ms at 100,000 posts). The app holds no file or other resource
    // that needs its drop.
    std::mem::forget(app);
    match result {
        Ok(outcome) => outcome.map(|_| ()),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Write the journal of unsaved edits now; says what happened, for the user to read after
/// the terminal is restored. Never panics (the app may be in a bad state after a panic).
pub fn emergency_journal(app: &App, data_dir: Option<&Path>) -> Option<String> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let journal = std::panic::catch_unwind(AssertUnwindSafe(|| app.unsaved_journal(now)))
        .ok()
        .flatten()?;
    let Some(dir) = data_dir else {
        return Some("unsaved edits could not be kept: no data folder".to_owned());
    };
    Some(match effects::write_journal(dir, &journal) {
        Ok(()) => format!(
            "unsaved edits of {} were journalled; open the post again to restore them",
            journal.path.display()
        ),
        Err(e) => format!("unsaved edits could NOT be journalled: {e}"),
    })
}

/// What the event loop watches and tells besides messages.
struct Signals<'a> {
    /// Set on SIGTERM or SIGHUP.
    stop: &'a AtomicBool,
    /// Stops the input thread while another program has the terminal.
    pause: &'a input::InputPause,
    /// Told once the first screen folio was started for is drawn (the watch starts then).
    first_screen: Vec<Sender<()>>,
    /// What the screen drawn before the loop asked for (a large post's whole rendering,
    /// say): run after the loop's first drawing, like any rendering.
    first_effects: Vec<crate::app::Effect>,
}

fn event_loop(
    app: &mut App,
    guard: &mut terminal::TerminalGuard,
    rx: &Receiver<Event>,
    tx: &Sender<Event>,
    mut io: effects::Io,
    mut signals: Signals,
) -> Result<Stop> {
    let (stop, pause) = (signals.stop, signals.pause);
    let mut last_tick = Instant::now();
    // Whole renderings wait until the frame is drawn: a worker started before would
    // compete for the core that draws the first part of the post.
    let mut after_draw = std::mem::take(&mut signals.first_effects);
    let mut listed = false;
    loop {
        guard.terminal.draw(|frame| crate::ui::draw(app, frame))?;
        if !listed && app.content.is_some() {
            listed = true;
            tracing::debug!("first list drawn");
        }
        if app.first_screen_shown() {
            for waiting in signals.first_screen.drain(..) {
                // Fails only when the waiting thread is gone: then nothing waits to start.
                let _ = waiting.send(());
            }
        }
        io.index = app.content.as_ref().map(|c| Arc::clone(&c.index));
        for effect in after_draw.drain(..) {
            if effects::run(effect, &io, tx, guard.terminal.backend_mut()) == effects::Outcome::Quit
            {
                return Ok(Stop::Quit);
            }
        }
        let first = match rx.recv_timeout(TICK) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Ok(Stop::Quit),
        };
        if stop.load(Ordering::Relaxed) {
            return Ok(Stop::Signal);
        }
        let tick = (last_tick.elapsed() >= TICK).then(|| {
            last_tick = Instant::now();
            Event::App(Msg::Tick)
        });
        // Handle everything already waiting before drawing again.
        for event in first.into_iter().chain(tick).chain(rx.try_iter()) {
            let msg = if is_suspend_key(&event) {
                Some(suspend(guard, pause, app.mouse_captured))
            } else {
                to_msg(app, event)
            };
            let Some(msg) = msg else {
                continue;
            };
            let shown = log::before(app.message.as_ref());
            let mut pending: VecDeque<_> = app.update(msg).into();
            log::after(shown.as_ref(), app.message.as_ref());
            while let Some(effect) = pending.pop_front() {
                if matches!(effect, crate::app::Effect::Render { .. }) {
                    after_draw.push(effect);
                    continue;
                }
                io.index = app.content.as_ref().map(|c| Arc::clone(&c.index));
                io.catalog = app.content.as_ref().map(|c| Arc::clone(&c.catalog));
                match effects::run(effect, &io, tx, guard.terminal.backend_mut()) {
                    effects::Outcome::Continue => {}
                    effects::Outcome::Quit => return Ok(Stop::Quit),
                    effects::Outcome::EditExternally(path, line) => {
                        pause.pause();
                        let note = edit_externally(guard, &path, line);
                        pause.resume();
                        if !app.mouse_captured {
                            pending.push_back(crate::app::Effect::SetMouseCapture(false));
                        }
                        pending.extend(app.update(Msg::Notice(note.0, note.1)));
                        pending.push_back(crate::app::Effect::Reindex(path));
                    }
                }
            }
        }
    }
}

/// Ctrl-Z. In raw mode the terminal sends it as a key, not a signal, so the runtime looks
/// for it before the keymap (in every screen, the editor too, as vim does); it is not in the
/// keymap table, so no user config can lose it.
fn is_suspend_key(event: &Event) -> bool {
    matches!(event, Event::Terminal(TermEvent::Key(key))
        if key.kind != KeyEventKind::Release
            && key.code == KeyCode::Char('z')
            && key.modifiers == KeyModifiers::CONTROL)
}

/// Suspend to the shell like any job: give the terminal back, stop on SIGTSTP, and when
/// the shell continues folio (`fg`), take the terminal back as it was (mouse capture as the
/// user left it) with a full redraw. The message to handle next: the terminal's size now
/// (it may have changed meanwhile), or what went wrong. Where no shell can take the job
/// (an orphaned process group), the kernel drops SIGTSTP and folio simply redraws.
fn suspend(
    guard: &mut terminal::TerminalGuard,
    pause: &input::InputPause,
    mouse_captured: bool,
) -> Msg {
    pause.pause();
    terminal::restore();
    let stopped = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
    let resumed = terminal::resume(&mut guard.terminal)
        .and_then(|()| {
            if mouse_captured {
                Ok(())
            } else {
                terminal::set_mouse_capture(false)
            }
        })
        .and_then(|()| guard.terminal.size());
    pause.resume();
    match (stopped, resumed) {
        (_, Err(e)) => Msg::Notice(
            Tone::Error,
            format!("Could not take the terminal back: {e}"),
        ),
        (Err(e), Ok(_)) => Msg::Notice(Tone::Error, format!("Could not suspend: {e}")),
        (Ok(()), Ok(size)) => Msg::Resize(size.width, size.height),
    }
}

/// Suspend the UI, run `$VISUAL` / `$EDITOR` (no shell) on `path`, and take the terminal back.
fn edit_externally(
    guard: &mut terminal::TerminalGuard,
    path: &Path,
    line: Option<usize>,
) -> (Tone, String) {
    let mut command = match external_editor::command(&external_editor::editor_setting(), path, line)
    {
        Ok(command) => command,
        Err(why) => return (Tone::Error, why),
    };
    let program = external_editor::program_name(&command);
    terminal::restore();
    let status = command.status();
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
        Event::Terminal(TermEvent::Paste(text)) => Some(Msg::Paste(text)),
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

fn save_memory(file: &Path, memory: &Memory) -> std::io::Result<()> {
    let json = serde_json::to_vec(memory)?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::core::save::write_atomically_as(file, &json, crate::core::save::NewFileMode::Private)
}
