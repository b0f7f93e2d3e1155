//! Syntax highlighting of fenced code blocks: a block's source lines split into pieces, each
//! with a [`CodeToken`] that the theme colours. Grammars are syntect's defaults; there are no
//! syntect themes: scopes map to folio's own token classes, so colours come from the active
//! theme in 16 colours, and the mono theme or `NO_COLOR` shows nothing.
//!
//! The grammar set costs tens of milliseconds to load, so nothing loads it implicitly:
//! [`load`] is called by a front end that wants colour (the TUI on a worker once a post with
//! a language-tagged block is open, `folio show` with colour on). Until then [`highlight`]
//! answers `None` and code stays plain. The work per block is capped ([`MAX_LINES`],
//! [`MAX_LINE_BYTES`]; the rest of a block stays plain) and results are remembered by the
//! block's text, so re-rendering (a resize, typing elsewhere in the editor) costs nothing.
//! Pure: no I/O, no terminal.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

use super::styled::CodeToken;

/// Lines of one block highlighted at most; later lines stay plain.
pub const MAX_LINES: usize = 200;

/// A line longer than this (bytes) ends highlighting of its block: grammar regexes over
/// very long lines are slow.
pub const MAX_LINE_BYTES: usize = 1000;

/// Highlighted blocks remembered at most (then the memory starts again).
const MAX_REMEMBERED: usize = 256;

/// One highlighted line: its text in pieces, each with its token class. The pieces are
/// the raw source (not yet sanitized) and join to the whole line.
pub type HighlightedLine = Vec<(CodeToken, String)>;

/// The grammars and the scope classes, loaded once.
struct Grammars {
    syntaxes: SyntaxSet,
    /// Scope prefixes in priority order: the first one found anywhere in a piece's scope
    /// stack decides its token.
    classes: Vec<(Scope, CodeToken)>,
}

static GRAMMARS: OnceLock<Grammars> = OnceLock::new();

type Memory = HashMap<u64, Arc<Vec<HighlightedLine>>>;

static REMEMBERED: OnceLock<Mutex<Memory>> = OnceLock::new();

/// Load the grammars (blocking: tens of milliseconds). Does nothing the second time.
pub fn load() {
    GRAMMARS.get_or_init(Grammars::new);
}

/// Whether [`load`] has run, so [`highlight`] can colour.
pub fn is_loaded() -> bool {
    GRAMMARS.get().is_some()
}

/// Whether `lang` (a fence's info word, e.g. `rust`, `js`, `YAML`) names a grammar. False
/// before [`load`].
pub fn knows(lang: &str) -> bool {
    GRAMMARS.get().is_some_and(|g| g.syntax(lang).is_some())
}

/// The first lines (at most [`MAX_LINES`]) of code block `code` in language `lang`,
/// highlighted; `None` before [`load`] or for a language without a grammar. Lines past the
/// returned ones are for the caller to show plain.
pub fn highlight(lang: &str, code: &str) -> Option<Arc<Vec<HighlightedLine>>> {
    let grammars = GRAMMARS.get()?;
    let syntax = grammars.syntax(lang)?;
    let key = xxhash_rust::xxh3::xxh3_64(format!("{}\0{code}", syntax.name).as_bytes());
    let memory = REMEMBERED.get_or_init(Mutex::default);
    if let Some(done) = memory
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return Some(Arc::clone(done));
    }
    let lines = Arc::new(grammars.lines(syntax, code));
    let mut memory = memory.lock().unwrap_or_else(PoisonError::into_inner);
    if memory.len() >= MAX_REMEMBERED {
        memory.clear();
    }
    memory.insert(key, Arc::clone(&lines));
    Some(lines)
}

impl Grammars {
    fn new() -> Grammars {
        use CodeToken::{Comment, Function, Keyword, Literal, Plain, String, Type};
        let classes = [
            ("comment", Comment),
            ("string", String),
            ("constant.character", String),
            ("constant.numeric", Literal),
            ("constant.language", Literal),
            ("variable.language", Literal),
            ("constant.other", Literal),
            ("keyword.operator", Plain),
            ("punctuation", Plain),
            ("keyword", Keyword),
            ("storage", Keyword),
            ("markup.heading", Keyword),
            ("entity.name.function", Function),
            ("support.function", Function),
            ("support.macro", Function),
            ("entity.name.tag", Function),
            ("entity.name", Type),
            ("support.type", Type),
            ("support.class", Type),
            ("entity.other", Type),
        ]
        .into_iter()
        .filter_map(|(name, token)| Scope::new(name).ok().map(|s| (s, token)))
        .collect();
        Grammars {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            classes,
        }
    }

    fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        let word = lang
            .trim_matches(['{', '}', '.'])
            .split([',', ' '])
            .next()
            .filter(|w| !w.is_empty())?;
        self.syntaxes
            .find_syntax_by_token(word)
            .filter(|s| s.name != self.syntaxes.find_syntax_plain_text().name)
    }

    /// Highlight up to [`MAX_LINES`] lines, stopping early at an over-long line or a
    /// grammar error.
    fn lines(&self, syntax: &SyntaxReference, code: &str) -> Vec<HighlightedLine> {
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = Vec::new();
        let mut buffer = std::string::String::new();
        for line in code.split('\n').take(MAX_LINES) {
            let line = line.trim_end_matches('\r');
            if line.len() > MAX_LINE_BYTES {
                break;
            }
            buffer.clear();
            buffer.push_str(line);
            buffer.push('\n');
            let Ok(ops) = state.parse_line(&buffer, &self.syntaxes) else {
                break;
            };
            let mut pieces: HighlightedLine = Vec::new();
            let mut at = 0;
            let mut failed = false;
            for (index, op) in &ops {
                let index = (*index).min(line.len());
                if index > at {
                    let Some(text) = line.get(at..index) else {
                        failed = true;
                        break;
                    };
                    push_piece(&mut pieces, self.token(&stack), text);
                    at = index;
                }
                if stack.apply(op).is_err() {
                    failed = true;
                    break;
                }
            }
            if failed {
                break;
            }
            if at < line.len() {
                push_piece(&mut pieces, self.token(&stack), &line[at..]);
            }
            out.push(pieces);
        }
        out
    }

    fn token(&self, stack: &ScopeStack) -> CodeToken {
        let scopes = stack.as_slice();
        self.classes
            .iter()
            .find(|(prefix, _)| scopes.iter().any(|s| prefix.is_prefix_of(*s)))
            .map_or(CodeToken::Plain, |&(_, token)| token)
    }
}

/// Add `text` as `token`, joining it to the last piece when that has the same token.
fn push_piece(pieces: &mut HighlightedLine, token: CodeToken, text: &str) {
    match pieces.last_mut() {
        Some((last, joined)) if *last == token => joined.push_str(text),
        _ => pieces.push((token, text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens_of(lines: &[HighlightedLine], word: &str) -> Vec<CodeToken> {
        lines
            .iter()
            .flatten()
            .filter(|(_, text)| text.contains(word))
            .map(|(t, _)| *t)
            .collect()
    }

    /// Rust keywords, strings and comments get their classes; pieces join to the line.
    #[test]
    fn highlight_rust_classes_tokens() {
        load();
        let code = "fn main() {\n    let s = \"hi\"; // greet\n}";
        let lines = highlight("rust", code).expect("rust is known");
        assert_eq!(lines.len(), 3);
        assert!(
            tokens_of(&lines, "fn").contains(&CodeToken::Keyword),
            "{lines:?}"
        );
        assert!(
            tokens_of(&lines, "hi").contains(&CodeToken::String),
            "{lines:?}"
        );
        assert!(
            tokens_of(&lines, "greet").contains(&CodeToken::Comment),
            "{lines:?}"
        );
        let joined: Vec<String> = lines
            .iter()
            .map(|l| l.iter().map(|(_, t)| t.as_str()).collect())
            .collect();
        assert_eq!(joined.join("\n"), code);
    }

    /// An unknown language, or none, is not highlighted.
    #[test]
    fn highlight_unknown_language_is_none() {
        load();
        assert!(highlight("no-such-language", "x = 1").is_none());
        assert!(highlight("", "x = 1").is_none());
        assert!(knows("YAML") && knows("js") && !knows("klingon"));
    }

    /// A huge block is highlighted only up to the cap, and an over-long line stops it.
    #[test]
    fn highlight_caps_the_work_per_block() {
        load();
        let code = "let x = 1;\n".repeat(MAX_LINES * 3);
        assert_eq!(highlight("rust", &code).expect("known").len(), MAX_LINES);
        let long = format!(
            "let a = 1;\nlet b = \"{}\";\nlet c = 3;",
            "x".repeat(MAX_LINE_BYTES)
        );
        assert_eq!(highlight("rust", &long).expect("known").len(), 1);
    }
}
