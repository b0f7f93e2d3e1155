//! Tests of the ASCII scorer: nucleo's score exactly, on random texts and words, and the
//! cases it leaves to nucleo; the random source other tests use too.

use super::*;
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// A small deterministic PRNG (xorshift64*), so failures reproduce.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    /// The next number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d);
        usize::try_from(x % n as u64).expect("fits")
    }

    fn text(&mut self, alphabet: &[u8], len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
}

fn nucleo(text: &[u8], word: &[u8], matcher: &mut Matcher) -> Option<u16> {
    let word = std::str::from_utf8(word).expect("ascii");
    let atom = Atom::new(
        word,
        CaseMatching::Smart,
        Normalization::Smart,
        AtomKind::Fuzzy,
        false,
    );
    atom.score(Utf32Str::Ascii(text), matcher)
}

/// On random texts and words of every character class (letters of both cases,
/// digits, spaces, delimiters, other signs), every score it gives is nucleo's, and it
/// answers most cases itself.
#[test]
fn fuzzy_ascii_scores_like_nucleo() {
    let mut rng = Rng(0x00a5_c11e);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut scorer = AsciiScorer::default();
    let alphabets: [&[u8]; 3] = [
        b"aaabbcdeeAABCE  --_/:.|12",
        b"aaaaAb b",
        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_/,:;|.#",
    ];
    let (mut answered, mut hits) = (0, 0);
    for round in 0..120_000 {
        let alphabet = alphabets[round % 3];
        let len = if round % 500 == 0 {
            1100 + rng.below(200)
        } else {
            rng.below(70)
        };
        let text = rng.text(alphabet, len);
        let word_len = 1 + rng.below(6);
        let mut word = rng.text(&alphabet[..alphabet.len().min(16)], word_len);
        if round % 2 == 0 && text.len() > word_len {
            // Letters of the text in order: a word that mostly matches.
            let mut at = 0;
            for letter in &mut word {
                at += rng.below((text.len() - at) / word_len + 1);
                *letter = text[at.min(text.len() - 1)].to_ascii_lowercase();
            }
        }
        let ignore_case = !word.iter().any(u8::is_ascii_uppercase);
        let expected = nucleo(&text, &word, &mut matcher);
        if let Answer::Score(got) = scorer.score(&text, &word, ignore_case) {
            let (t, w) = (
                String::from_utf8_lossy(&text),
                String::from_utf8_lossy(&word),
            );
            assert_eq!(got, expected, "{w:?} in {t:?}");
            answered += 1;
            hits += usize::from(got.is_some());
        }
    }
    assert!(answered > 80_000 && hits > 50_000, "{answered} {hits}");
}

/// It leaves to nucleo whole-text words and spans past its limit.
#[test]
fn fuzzy_ascii_leaves_the_rare_cases_to_nucleo() {
    let mut scorer = AsciiScorer::default();
    assert_eq!(scorer.score(b"s", b"s", true), Answer::AskNucleo);
    assert_eq!(scorer.score(b"seo", b"seo", true), Answer::AskNucleo);
    assert_eq!(scorer.score(b"seo", b"seos", true), Answer::Score(None));
    let long = format!("a{}b", " ".repeat(MAX_SPAN));
    assert_eq!(
        scorer.score(long.as_bytes(), b"ab", true),
        Answer::AskNucleo
    );
    assert_eq!(
        scorer.score(b"seo basics", b"SB", false),
        Answer::Score(None)
    );
}
