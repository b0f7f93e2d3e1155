//! The editor model: a front matter pane and a body pane (text areas with undo, line
//! numbers and the usual editing keys), live validation of the front matter, a preview,
//! and the prompts that keep edits from being lost.

use std::path::PathBuf;

use ratatui_textarea::TextArea;

use crate::core::edit::{self, EditError};
use crate::core::field_value::FieldValue;
use crate::core::front_matter;
use crate::core::post::PostId;
use crate::core::post_date::PostDate;
use crate::core::save::Snapshot;

pub use super::editor_prompt::{AfterLeave, Choice, Prompt};
use super::journal::Journal;
use super::stand_in;

/// Files larger than this open read-only (editing them in a terminal widget is not safe).
pub const MAX_EDIT_BYTES: usize = 2 * 1024 * 1024;

/// Which pane has the keyboard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pane {
    /// The front matter YAML.
    #[default]
    FrontMatter,
    /// The markdown body.
    Body,
}

/// What the front matter says, checked as it is typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Check {
    /// The YAML (or TOML) error: 1-based line in the pane and message.
    pub error: Option<(usize, String)>,
    /// The front matter's language (`YAML`, `TOML`), as checked.
    pub language: &'static str,
    /// The title it gives.
    pub title: Option<String>,
    /// The date it gives.
    pub date: Option<String>,
    /// The tags it gives.
    pub tags: Vec<String>,
    /// Review warnings (missing title, bad date).
    pub warnings: Vec<String>,
}

/// A file opened for editing, as the runtime read it.
#[derive(Clone, Debug)]
pub struct Opened {
    /// The post, if indexed.
    pub post: Option<PostId>,
    /// The file.
    pub path: PathBuf,
    /// Its text without BOM (invalid UTF-8 replaced).
    pub text: String,
    /// It starts with a BOM.
    pub has_bom: bool,
    /// What it looked like on disk.
    pub snapshot: Snapshot,
    /// Why it can only be read, if so.
    pub read_only: Option<String>,
    /// Edits journalled by an earlier session, if any.
    pub journal: Option<Journal>,
}

/// The open editor.
#[derive(Debug)]
pub struct Editor {
    /// The post, if indexed.
    pub post: Option<PostId>,
    /// The file.
    pub path: PathBuf,
    /// The file text (without BOM) the edits apply to.
    pub original: String,
    /// The file starts with a BOM.
    pub has_bom: bool,
    /// What the file looked like when read or last saved.
    pub snapshot: Snapshot,
    /// The front matter pane.
    pub front: TextArea<'static>,
    /// The body pane.
    pub body: TextArea<'static>,
    /// Which pane has the keyboard.
    pub focus: Pane,
    /// Show the rendered body beside the editor.
    pub preview: bool,
    /// The live front matter check.
    pub check: Check,
    /// A question waiting for an answer.
    pub prompt: Option<Prompt>,
    /// Why the file can only be read, if so.
    pub read_only: Option<String>,
    /// The file changed on disk while editing.
    pub changed_on_disk: bool,
    /// What the file looked like when a save was refused (`None`: deleted).
    pub disk: Option<Snapshot>,
    /// What the save that ran into a conflict or failed was for (close, quit), to finish
    /// it after.
    pub after_conflict: super::AfterSave,
    /// Counts edits; compared with `journaled` to know when to journal again.
    pub version: u64,
    /// The version last journalled.
    pub journaled: u64,
    /// The version last saved (or loaded).
    pub saved_version: u64,
    /// Why the last journal write failed: unsaved edits are not protected until one works.
    pub journal_error: Option<String>,
    /// The rendered preview: for which version and width.
    pub preview_cache: Option<(u64, usize, crate::render::markdown::Rendered)>,
}

fn text_area(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.split('\n').map(str::to_owned).collect());
    area.set_line_number_style(
        ratatui::style::Style::default().add_modifier(ratatui::style::Modifier::DIM),
    );
    area.set_tab_length(4);
    area.set_max_histories(1000);
    area
}

/// The body pane wraps long lines at word boundaries (prose, not code).
fn body_area(text: &str) -> TextArea<'static> {
    let mut area = text_area(text);
    area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    area
}

impl Editor {
    /// An editor on `opened`.
    pub fn new(opened: Opened) -> Editor {
        let (yaml, body) = edit::editable_parts(&opened.text);
        let yaml_shown = yaml.strip_suffix('\n').unwrap_or(&yaml);
        let mut read_only = opened.read_only;
        let visible = stand_in::to_visible(yaml_shown).zip(stand_in::to_visible(&body));
        let (front_text, body_text) = if let Some(shown) = visible {
            shown
        } else {
            read_only.get_or_insert_with(|| {
                "the file contains characters folio uses to show control characters".to_owned()
            });
            (yaml_shown.to_owned(), body)
        };
        if opened.text.len() > MAX_EDIT_BYTES {
            read_only.get_or_insert_with(|| {
                format!("too large to edit safely ({} KB)", opened.text.len() / 1024)
            });
        }
        let mut editor = Editor {
            post: opened.post,
            path: opened.path,
            original: opened.text,
            has_bom: opened.has_bom,
            snapshot: opened.snapshot,
            front: text_area(&front_text),
            body: body_area(&body_text),
            focus: Pane::FrontMatter,
            preview: false,
            check: Check::default(),
            prompt: opened.journal.map(|j| Prompt::Recover(Box::new(j))),
            read_only,
            changed_on_disk: false,
            disk: None,
            after_conflict: super::AfterSave::Stay,
            version: 0,
            journaled: 0,
            saved_version: 0,
            journal_error: None,
            preview_cache: None,
        };
        editor.recheck();
        editor
    }

    /// The front matter YAML as edited (with its final newline), control characters restored.
    pub fn yaml(&self) -> String {
        let joined = stand_in::from_visible(&self.front.lines().join("\n"));
        if joined.is_empty() {
            joined
        } else {
            format!("{joined}\n")
        }
    }

    /// The body as edited, control characters restored.
    pub fn body_text(&self) -> String {
        stand_in::from_visible(&self.body.lines().join("\n"))
    }

    /// The whole file as it would be saved (without BOM), or why it cannot be.
    pub fn assembled(&self) -> Result<String, EditError> {
        edit::replace_parts(&self.original, &self.yaml(), &self.body_text())
    }

    /// The bytes to write: the assembled text with the BOM when the file had one.
    pub fn bytes(&self) -> Result<(Vec<u8>, String), EditError> {
        let text = self.assembled()?;
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if self.has_bom {
            bytes.extend_from_slice(crate::core::source::UTF8_BOM.as_bytes());
        }
        bytes.extend_from_slice(text.as_bytes());
        Ok((bytes, text))
    }

    /// Whether the edits differ from the file as loaded or last saved.
    pub fn is_dirty(&self) -> bool {
        self.version != self.saved_version && self.assembled().map_or(true, |t| t != self.original)
    }

    /// The journal of the unsaved edits, if there are any (stamped `now`, seconds since
    /// the Unix epoch).
    pub fn journal(&self, now: u64) -> Option<Journal> {
        (self.version != self.saved_version).then(|| Journal {
            path: self.path.clone(),
            yaml: self.yaml(),
            body: self.body_text(),
            base_hash: self.snapshot.hash,
            hash_algorithm: Some(crate::core::stable_hash::ALGORITHM.to_owned()),
            saved_at: now,
        })
    }

    /// Insert pasted text at the cursor of the focused pane, as one edit. Line breaks of
    /// any style become the pane's own; returns whether anything changed.
    pub fn paste(&mut self, text: &str) -> bool {
        let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        if normalized.is_empty() {
            return false;
        }
        let changed = self.focused().insert_str(normalized);
        if changed {
            self.version += 1;
            if self.focus == Pane::FrontMatter {
                self.recheck();
            }
        }
        changed
    }

    /// The 1-based line of the file the cursor is on, as `folio check` counts lines (the
    /// front matter pane starts after the opening `---`; the body after the closing one).
    pub fn file_line(&self) -> usize {
        let has_block = !self.front.is_empty()
            || front_matter::split(&self.original).state == front_matter::BlockState::Closed;
        match self.focus {
            Pane::FrontMatter => self.front.cursor().0 + 2,
            Pane::Body if has_block => self.front.lines().len() + 2 + self.body.cursor().0 + 1,
            Pane::Body => self.body.cursor().0 + 1,
        }
    }

    /// Put the cursor on 1-based line `line` of the file: in the front matter pane when
    /// the line is in the front matter block, else in the body pane.
    pub fn go_to_file_line(&mut self, line: usize) {
        let block = front_matter::split(&self.original);
        let count = crate::core::line_index::count_newlines;
        let (pane, row) = if block.state == front_matter::BlockState::Closed {
            // Line 1 is the opening `---`; the YAML starts on line 2.
            let yaml_first = count(&self.original[..block.yaml.start]) + 1;
            let body_first = count(&self.original[..block.body_start]) + 1;
            if line < body_first {
                (Pane::FrontMatter, line.saturating_sub(yaml_first))
            } else {
                (Pane::Body, line - body_first)
            }
        } else {
            (Pane::Body, line.saturating_sub(1))
        };
        self.focus = pane;
        let row = u16::try_from(row).unwrap_or(u16::MAX);
        self.focused()
            .move_cursor(ratatui_textarea::CursorMove::Jump(row, 0));
    }

    /// The pane with the keyboard.
    pub fn focused(&mut self) -> &mut TextArea<'static> {
        match self.focus {
            Pane::FrontMatter => &mut self.front,
            Pane::Body => &mut self.body,
        }
    }

    /// After a save: what is on disk now is the base.
    pub fn saved(&mut self, text: String, snapshot: Snapshot) {
        self.original = text;
        self.snapshot = snapshot;
        self.saved_version = self.version;
        self.journaled = self.version;
        self.changed_on_disk = false;
    }

    /// Put journalled edits in the panes.
    pub fn restore(&mut self, journal: &Journal) {
        let yaml = journal.yaml.strip_suffix('\n').unwrap_or(&journal.yaml);
        if let (Some(f), Some(b)) = (
            stand_in::to_visible(yaml),
            stand_in::to_visible(&journal.body),
        ) {
            self.front = text_area(&f);
            self.body = body_area(&b);
            self.version += 1;
            self.recheck();
        }
    }

    /// Render the body for the preview at `width`, unless already rendered for this
    /// version and width.
    pub fn refresh_preview(
        &mut self,
        width: usize,
        templates: &crate::core::link_templates::LinkTemplates,
    ) {
        if !self.preview
            || self
                .preview_cache
                .as_ref()
                .is_some_and(|(v, w, _)| *v == self.version && *w == width)
        {
            return;
        }
        let body = self.body_text();
        let body = templates.rewrite(&body);
        let rendered = crate::render::markdown::render(&body, width, &|_| None);
        self.preview_cache = Some((self.version, width, rendered));
    }

    /// The language of the front matter pane: the file's block's (TOML for `+++`), else
    /// YAML (a block added to a file without one is YAML).
    pub fn front_matter_format(&self) -> front_matter::Format {
        let block = front_matter::split(&self.original);
        match block.state {
            front_matter::BlockState::Closed => block.format,
            _ => front_matter::Format::Yaml,
        }
    }

    /// Check the front matter again (after it changed).
    pub fn recheck(&mut self) {
        let yaml = self.yaml();
        let format = self.front_matter_format();
        let mut check = Check {
            language: format.name(),
            ..Check::default()
        };
        match front_matter::parse_as(format, &yaml) {
            Err(e) => check.error = Some((e.line.unwrap_or(1), e.message)),
            Ok(fields) => {
                check.title = fields.get("title").and_then(FieldValue::scalar_text);
                let date = fields.get("date").and_then(FieldValue::scalar_text);
                if let Some(d) = &date {
                    if PostDate::parse(d).is_none() {
                        check
                            .warnings
                            .push(format!("date {d:?} is not YYYY-MM-DD or RFC 3339"));
                    }
                } else {
                    check.warnings.push("no date".to_owned());
                }
                if check.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
                    check.warnings.push("no title".to_owned());
                }
                check.date = date;
                check.tags = match fields.get("tags") {
                    Some(FieldValue::List(items)) => {
                        items.iter().filter_map(FieldValue::scalar_text).collect()
                    }
                    Some(other) => other.scalar_text().into_iter().collect(),
                    None => Vec::new(),
                };
            }
        }
        self.check = check;
    }
}
