//! Post dates: `YYYY-MM-DD`, RFC 3339, and the YAML timestamp form static site generators
//! accept (`2015-03-17 14:00:00 -4`).

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

static DATE_FORMAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4})-(\d{2})-(\d{2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[ \t]*(?:[Zz]|[+-]\d{1,2}(?::?\d{2})?))?)?$",
    )
    .expect("the date pattern is valid")
});

/// A valid post date: the calendar date and, when given, the time of day as written.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct PostDate {
    /// The calendar date as written (no time zone conversion).
    pub date: NaiveDate,
    /// Seconds since midnight as written, for ordering posts of the same day.
    pub seconds: Option<u32>,
    /// The text as written in the front matter or file name.
    pub text: Box<str>,
}

impl PostDate {
    /// Parse `text` as a post date; `None` if it is not `YYYY-MM-DD`, RFC 3339 or a YAML
    /// timestamp, or names a day that does not exist.
    pub fn parse(text: &str) -> Option<PostDate> {
        let text = text.trim();
        if let Some(date) = plain_ymd(text) {
            // The common form, without the pattern (compiling it takes a first screen
            // half a millisecond).
            return Some(PostDate {
                date,
                seconds: None,
                text: text.into(),
            });
        }
        let caps = DATE_FORMAT.captures(text)?;
        let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = i32::try_from(num(1)?).ok()?;
        let date = NaiveDate::from_ymd_opt(year, num(2)?, num(3)?)?;
        let seconds = match (num(4), num(5), num(6)) {
            (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s < 61 => {
                Some(h * 3600 + m * 60 + s)
            }
            (None, None, None) => None,
            _ => return None,
        };
        Some(PostDate {
            date,
            seconds,
            text: text.into(),
        })
    }

    /// The calendar date as `YYYY-MM-DD`.
    pub fn ymd(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }
}

/// `text` as a plain `YYYY-MM-DD` date, if it is one.
fn plain_ymd(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) {
        return None;
    }
    if !digits(8..10) {
        return None;
    }
    let year = text[0..4].parse().ok()?;
    NaiveDate::from_ymd_opt(year, text[5..7].parse().ok()?, text[8..10].parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_date_accepts_plain_rfc3339_and_yaml_timestamps() {
        for ok in [
            "2024-12-13",
            "2014-03-19T10:14:29-04:00",
            "2014-03-19T10:14:29.123Z",
            "2015-03-17 14:00:00 -4",
            "2015-03-17 9:00:00 -4",
            " 2024-12-13 ",
        ] {
            assert!(PostDate::parse(ok).is_some(), "{ok}");
        }
    }

    #[test]
    fn post_date_rejects_other_forms_and_impossible_days() {
        for bad in [
            "2024-02-30",
            "2024-13-01",
            "13/12/2024",
            "December 13, 2024",
            "2024-12-13T25:00:00Z",
            "2024-1-3",
            "",
        ] {
            assert!(PostDate::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn post_date_orders_by_day_then_time() {
        let a = PostDate::parse("2024-01-01").unwrap();
        let b = PostDate::parse("2024-01-01T08:00:00Z").unwrap();
        let c = PostDate::parse("2024-01-02").unwrap();
        assert!(a < b && b < c);
        assert_eq!(b.ymd(), "2024-01-01");
    }
}
