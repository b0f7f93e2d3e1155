//! Mojibake: UTF-8 text that was once decoded as Windows-1252, such as `â€™` for `’`.

/// One run of mojibake on a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mojibake {
    /// 0-based line index within the scanned text.
    pub line: usize,
    /// The garbled characters as they appear (`â€™`).
    pub found: String,
    /// What they most likely meant (`’`).
    pub meant: String,
}

/// Find the first run of mojibake on each line of `text`.
pub fn find(text: &str) -> Vec<Mojibake> {
    if text.is_ascii() {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.is_ascii())
        .filter_map(|(i, line)| {
            find_in_line(line).map(|(found, meant)| Mojibake {
                line: i,
                found,
                meant,
            })
        })
        .collect()
}

fn find_in_line(line: &str) -> Option<(String, String)> {
    let chars: Vec<char> = line.chars().collect();
    for start in 0..chars.len() {
        let Some(lead) = cp1252_byte(chars[start]) else {
            continue;
        };
        let continuations = match lead {
            0xC2..=0xC5 => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => continue,
        };
        let Some(tail) = chars.get(start + 1..=start + continuations) else {
            continue;
        };
        let mut bytes = vec![lead];
        for &c in tail {
            match cp1252_byte(c) {
                Some(b @ 0x80..=0xBF) => bytes.push(b),
                _ => break,
            }
        }
        if bytes.len() != continuations + 1 {
            continue;
        }
        if let Ok(meant) = std::str::from_utf8(&bytes) {
            let found: String = chars[start..=start + continuations].iter().collect();
            return Some((found, meant.to_owned()));
        }
    }
    None
}

/// The Windows-1252 byte that decodes to `c`, if any (C1 controls map to themselves, as
/// decoders that fall back to Latin-1 produce them).
fn cp1252_byte(c: char) -> Option<u8> {
    let byte = match c {
        '\u{80}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_finds_the_seed_apostrophe() {
        let found = find("ok line\nensure a brandâ€™s message\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 1);
        assert_eq!(found[0].found, "â€™");
        assert_eq!(found[0].meant, "’");
    }

    #[test]
    fn mojibake_finds_latin1_and_emoji_forms() {
        assert_eq!(find("cafÃ©")[0].meant, "é");
        assert_eq!(find("hi ðŸ˜€")[0].meant, "😀");
        assert_eq!(find("price:Â\u{a0}5")[0].meant, "\u{a0}");
    }

    #[test]
    fn mojibake_ignores_real_text() {
        for ok in [
            "„Straße“ und CAFÉ…",
            "naïve café — “quoted” ’tis",
            "日本語のテキスト 😀",
            "Ångström Ærø",
        ] {
            assert!(find(ok).is_empty(), "{ok}");
        }
    }
}
