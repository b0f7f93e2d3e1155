//! nucleo's fuzzy score of one ASCII word in one ASCII text, the score nucleo-matcher
//! 0.3 gives (its optimal matcher under the default `Config`) in a fraction of its time:
//! nucleo classifies every character of the text and fills a matrix of a row per letter
//! and a column per character for every text and query; this computes only the cells
//! where the word's letters occur (found with `memchr`), from tables of classes and
//! bonuses. The cases it does not take (a word as long as the text, a span past
//! [`MAX_SPAN`], a word past [`MAX_WORD`]) it leaves to nucleo, so every score is
//! nucleo's; a test compares the two on random texts and words, and says so if another
//! nucleo version scores otherwise. Owns no state beyond its buffers; knows nothing of
//! posts.

use memchr::{memchr2, memchr2_iter, memrchr2};

/// Longer spans (from the word's first letter to its last) are left to nucleo, which
/// scores them with its greedy matcher past its own limits (a 100 KB matrix).
pub const MAX_SPAN: usize = 1024;
/// Longer words are left to nucleo.
pub const MAX_WORD: usize = 64;

const SCORE_MATCH: u16 = 16;
const PENALTY_GAP_START: u16 = 3;
const PENALTY_GAP_EXTENSION: u16 = 1;
const BONUS_BOUNDARY: u16 = SCORE_MATCH / 2;
const BONUS_BOUNDARY_WHITE: u16 = BONUS_BOUNDARY + 2;
const BONUS_BOUNDARY_DELIMITER: u16 = BONUS_BOUNDARY + 1;
const BONUS_CAMEL123: u16 = BONUS_BOUNDARY - PENALTY_GAP_START;
const BONUS_NON_WORD: u16 = BONUS_BOUNDARY;
const BONUS_CONSECUTIVE: u16 = PENALTY_GAP_START + PENALTY_GAP_EXTENSION;
const BONUS_FIRST_CHAR_MULTIPLIER: u16 = 2;

/// nucleo's character classes, in its order (`> Delimiter` means a word character).
#[derive(Clone, Copy)]
enum Class {
    Whitespace,
    NonWord,
    Delimiter,
    Lower,
    Upper,
    Number,
}

/// The class of an ASCII byte under nucleo's default `Config`.
const fn class_of(c: u8) -> Class {
    match c {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Number,
        b' ' | b'\t' | b'\n' | b'\x0C' | b'\r' => Class::Whitespace,
        b'/' | b',' | b':' | b';' | b'|' => Class::Delimiter,
        _ => Class::NonWord,
    }
}

/// nucleo's bonus for a character of class `class` after one of class `prev`.
const fn bonus_for(prev: Class, class: Class) -> u16 {
    if class as u8 > Class::Delimiter as u8 {
        match prev {
            Class::Whitespace => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => {}
        }
    }
    let camel = matches!(prev, Class::Lower) && matches!(class, Class::Upper);
    let number = !matches!(prev, Class::Number) && matches!(class, Class::Number);
    if camel || number {
        BONUS_CAMEL123
    } else if matches!(class, Class::Whitespace) {
        BONUS_BOUNDARY_WHITE
    } else if matches!(class, Class::NonWord) {
        BONUS_NON_WORD
    } else {
        0
    }
}

/// The class of every byte (a `Class` as a number).
static CLASSES: [u8; 256] = {
    let mut table = [0; 256];
    let mut c = 0;
    while c < 256 {
        #[allow(clippy::cast_possible_truncation, reason = "c < 256")]
        {
            table[c] = class_of(c as u8) as u8;
        }
        c += 1;
    }
    table
};

/// `Class::Whitespace` as a number: the class before a text's first character.
const WHITESPACE: u8 = Class::Whitespace as u8;

/// The bonus of a character by the class before it and its own (as numbers).
static BONUSES: [[u8; 6]; 6] = {
    const ALL: [Class; 6] = [
        Class::Whitespace,
        Class::NonWord,
        Class::Delimiter,
        Class::Lower,
        Class::Upper,
        Class::Number,
    ];
    let mut table = [[0; 6]; 6];
    let mut prev = 0;
    while prev < 6 {
        let mut class = 0;
        while class < 6 {
            #[allow(clippy::cast_possible_truncation, reason = "bonuses are below 256")]
            {
                table[prev][class] = bonus_for(ALL[prev], ALL[class]) as u8;
            }
            class += 1;
        }
        prev += 1;
    }
    table
};

/// One cell of a row of nucleo's score matrix.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
struct Cell {
    score: u16,
    consecutive_bonus: u8,
    matched: bool,
}

const UNMATCHED: Cell = Cell {
    score: 0,
    consecutive_bonus: 0,
    matched: true,
};

/// A letter's cell where it occurs in the span: the cell's column and the cell.
type Matched = (usize, Cell);

/// Buffers reused from one text to the next.
#[derive(Default)]
pub struct AsciiScorer {
    /// Where the greedy match puts each letter of the word, from the span's start.
    row_offs: Vec<u16>,
    /// The cells of one letter where it occurs, by column.
    row: Vec<Matched>,
    /// The cells of the next letter, being computed.
    next: Vec<Matched>,
}

/// What [`AsciiScorer::score`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// nucleo's score, or `None` when the word does not match.
    Score(Option<u16>),
    /// A case this scorer leaves to nucleo.
    AskNucleo,
}

impl AsciiScorer {
    /// nucleo's fuzzy score of `word` in `text` (both ASCII), ignoring case when
    /// `ignore_case` (nucleo's smart case: the word has no capital).
    ///
    /// nucleo fills a matrix of a row per letter of the word and a column per character
    /// of the span (from the word's first letter to its last); a row's cells are
    /// "unmatched" except where its letter occurs, and the gap score carried along a row
    /// only decays from the last cells. So this computes the cells where the letters
    /// occur and nothing else. nucleo's gap score before column `x` is the best, over the
    /// previous row's cells at columns `j < x`, of `score - 3 - (x - 1 - j)` (a gap
    /// costs 3 to open and 1 a column after; never below 0), which is what `best` keeps.
    pub fn score(&mut self, text: &[u8], word: &[u8], ignore_case: bool) -> Answer {
        if word.len() > text.len() {
            return Answer::Score(None);
        }
        if word.len() == text.len() || word.len() > MAX_WORD {
            return Answer::AskNucleo;
        }
        if let [letter] = *word {
            return Answer::Score(best_single(text, letter, ignore_case));
        }
        let Some((start, end)) = prefilter(text, word, ignore_case, &mut self.row_offs) else {
            return Answer::Score(None);
        };
        if word.len() == end - start || end - start > MAX_SPAN {
            return Answer::AskNucleo;
        }
        let span = &text[start..end];
        let before = start.checked_sub(1).map_or(WHITESPACE, |i| class(text[i]));
        let bonus = |i: usize| bonus_at(span, i, before);
        // Where `letter` occurs in the columns `from..=to` of the span.
        let occurrences = |letter: u8, from: usize, to: usize| {
            let other = other_case(letter, ignore_case);
            memchr2_iter(letter, other, &span[from..=to]).map(move |i| from + i)
        };
        // Columns past the last that leaves room for the rest of the word are not scored.
        let last_col = |k: usize| span.len() - word.len() + k;
        self.row.clear();
        for x in occurrences(word[0], 0, last_col(0)) {
            let b = bonus(x);
            self.row.push((
                x,
                Cell {
                    score: u16::from(b) * BONUS_FIRST_CHAR_MULTIPLIER + SCORE_MATCH,
                    consecutive_bonus: b,
                    matched: false,
                },
            ));
        }
        for (k, &letter) in word.iter().enumerate().skip(1) {
            self.next.clear();
            // The best of the previous row's cells left of the column, plus its column.
            let mut best: i32 = i32::from(i16::MIN);
            let mut prev = self.row.iter().peekable();
            let from = usize::from(self.row_offs[k]);
            for y in occurrences(letter, from, last_col(k)) {
                let x = y - 1;
                while let Some(&&(j, cell)) = prev.peek().filter(|(j, _)| *j < x) {
                    best = best.max(i32::from(cell.score) + to_i32(j));
                    prev.next();
                }
                let diagonal = match prev.peek() {
                    Some(&&(j, cell)) if j == x => cell,
                    _ => UNMATCHED,
                };
                let gap = u16::try_from(best - to_i32(x) - 2).unwrap_or(0);
                let cell = next_m_cell(gap, u16::from(bonus(y)), diagonal);
                self.next.push((y, cell));
            }
            std::mem::swap(&mut self.row, &mut self.next);
        }
        Answer::Score(self.row.iter().map(|(_, cell)| cell.score).max())
    }
}

/// nucleo's score of a one-letter word: its best place in `text` (the best bonus, the
/// first letter's bonus counting double), or `None` when it does not occur.
fn best_single(text: &[u8], letter: u8, ignore_case: bool) -> Option<u16> {
    let mut best = None;
    for i in memchr2_iter(letter, other_case(letter, ignore_case), text) {
        let bonus = bonus_at(text, i, WHITESPACE);
        best = best.max(Some(bonus));
        if u16::from(bonus) >= BONUS_BOUNDARY_WHITE {
            break;
        }
    }
    best.map(|bonus| u16::from(bonus) * BONUS_FIRST_CHAR_MULTIPLIER + SCORE_MATCH)
}

/// The class of `c` as a number.
fn class(c: u8) -> u8 {
    CLASSES[usize::from(c)]
}

/// nucleo's bonus for the character at `i` of `text`, `before` being the class of the
/// character before `text`.
fn bonus_at(text: &[u8], i: usize, before: u8) -> u8 {
    let prev = i.checked_sub(1).map_or(before, |p| class(text[p]));
    BONUSES[usize::from(prev)][usize::from(class(text[i]))]
}

/// A column (below [`MAX_SPAN`]) as a number for score arithmetic.
fn to_i32(column: usize) -> i32 {
    i32::try_from(column).unwrap_or(i32::MAX)
}

/// nucleo's prefilter: where the first letter of `word` first occurs and where its last
/// letter last occurs (one past) after a greedy match of the whole word, with where the
/// greedy match puts each letter (from the first) in `row_offs`; `None` when `word` does
/// not occur in order.
fn prefilter(
    text: &[u8],
    word: &[u8],
    ignore_case: bool,
    row_offs: &mut Vec<u16>,
) -> Option<(usize, usize)> {
    let find = |c: u8, hay: &[u8]| memchr2(c, other_case(c, ignore_case), hay);
    let start = find(word[0], &text[..=text.len() - word.len()])?;
    row_offs.clear();
    row_offs.push(0);
    let mut greedy_end = start + 1;
    let mut rest = &text[greedy_end..];
    for &c in &word[1..] {
        let at = find(c, rest)? + 1;
        greedy_end += at;
        rest = &rest[at..];
        // Past MAX_SPAN the offsets are not used: the caller leaves the text to nucleo.
        row_offs.push(u16::try_from(greedy_end - 1 - start).unwrap_or(u16::MAX));
    }
    let last = word[word.len() - 1];
    let from_end = memrchr2(last, other_case(last, ignore_case), rest);
    Some((start, greedy_end + from_end.map_or(0, |i| i + 1)))
}

/// The letter that also matches `letter`: its capital when case is ignored and it is a
/// small letter, else itself.
fn other_case(letter: u8, ignore_case: bool) -> u8 {
    if ignore_case {
        letter.to_ascii_uppercase()
    } else {
        letter
    }
}

fn next_m_cell(p_score: u16, bonus: u16, m_cell: Cell) -> Cell {
    if m_cell == UNMATCHED {
        #[allow(clippy::cast_possible_truncation, reason = "bonuses are below 256")]
        return Cell {
            score: p_score + bonus + SCORE_MATCH,
            matched: false,
            consecutive_bonus: bonus as u8,
        };
    }
    let mut consecutive_bonus = u16::from(m_cell.consecutive_bonus).max(BONUS_CONSECUTIVE);
    if bonus >= BONUS_BOUNDARY && bonus > consecutive_bonus {
        consecutive_bonus = bonus;
    }
    let score_match = m_cell.score + consecutive_bonus.max(bonus);
    let score_skip = p_score + bonus;
    #[allow(clippy::cast_possible_truncation, reason = "bonuses are below 256")]
    if score_match > score_skip {
        Cell {
            score: score_match + SCORE_MATCH,
            matched: true,
            consecutive_bonus: consecutive_bonus as u8,
        }
    } else {
        Cell {
            score: score_skip + SCORE_MATCH,
            matched: false,
            consecutive_bonus: bonus as u8,
        }
    }
}

#[cfg(test)]
#[path = "fuzzy_ascii_tests.rs"]
pub(crate) mod tests;
