//! Percent-decoding of URL paths (`%20` → space), enough to match link targets to files.

/// Decode `%XX` escapes in `s`; malformed escapes are kept as written.
pub fn decode(s: &str) -> String {
    decode_cow(s).into_owned()
}

/// [`decode`], without a copy when `s` has no `%` (most link targets).
pub fn decode_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('%') {
        return std::borrow::Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    std::borrow::Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Encode the characters that would end a markdown link destination (spaces, parentheses,
/// angle brackets) so a substituted URL stays one link.
pub fn encode_destination(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decode_handles_valid_and_malformed_escapes() {
        assert_eq!(decode("a%20b%2Fc"), "a b/c");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("caf%C3%A9"), "café");
    }

    #[test]
    fn encode_destination_round_trips() {
        let s = "my post (draft).md";
        assert_eq!(decode(&encode_destination(s)), s);
        assert!(!encode_destination(s).contains(' '));
    }
}
