//! Calendar dates with a precision (year, month or day), parsed from the forms news text uses.
//!
//! Only the proleptic Gregorian calendar; no clocks and no time zones, so this works on every target.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A date that may be known only to the year or month: `month == 0` means "year only",
/// `day == 0` means "month only". Orders chronologically, less precise before more precise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// What a partial date's leading parts say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Date {
    /// A full date, if it exists in the calendar.
    pub fn ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1..=9999).contains(&year) {
            return None;
        }
        Some(Date { year, month: month as u8, day: day as u8 })
    }

    pub fn ym(year: i32, month: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || !(1..=9999).contains(&year) {
            return None;
        }
        Some(Date { year, month: month as u8, day: 0 })
    }

    pub fn year_only(year: i32) -> Option<Date> {
        (1..=9999).contains(&year).then_some(Date { year, month: 0, day: 0 })
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The first day this date covers.
    pub fn first_day(&self) -> Date {
        Date { year: self.year, month: self.month.max(1), day: self.day.max(1) }
    }

    /// The last day this date covers.
    pub fn last_day(&self) -> Date {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 { days_in_month(self.year, month as u32) as u8 } else { self.day };
        Date { year: self.year, month, day }
    }

    /// Days since 1970-01-01 of the first day covered.
    pub fn days_since_epoch(&self) -> i64 {
        let d = self.first_day();
        days_from_civil(d.year as i64, d.month as i64, d.day as i64)
    }

    /// The day `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// 0 = Monday … 6 = Sunday, of the first day covered.
    pub fn weekday(&self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.days_since_epoch() + 3).rem_euclid(7)) as u8
    }

    /// Parses the date forms found in news pages and metadata; `None` if `s` is not one date.
    ///
    /// Accepted: `2019-09-12`, `2019-09`, `2019`, `12.09.2019`, `12/09/2019`, `11 September 2019`,
    /// `September 11, 2019`, `Sept. 11 2019`, `September 2019`, and ISO datetimes (`2019-09-12T10:00Z`).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim().trim_end_matches(['.', ',']);
        if s.is_empty() {
            return None;
        }
        if let Some(d) = parse_iso(s) {
            return Some(d);
        }
        if let Some(d) = parse_numeric_dmy(s) {
            return Some(d);
        }
        let (date, rest) = parse_named_prefix(s)?;
        match date {
            Named::Full(d) if rest.trim().is_empty() => Some(d),
            Named::MonthYear(d) if rest.trim().is_empty() => Some(d),
            _ => None,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        Date::parse(s).ok_or_else(|| format!("not a date: {s:?}"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let s = String::deserialize(deserializer)?;
        Date::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}")))
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Howard Hinnant's days_from_civil.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// Month number for an English month name or common abbreviation ("Sept", "Jan.").
pub fn month_from_name(word: &str) -> Option<u32> {
    const NAMES: [&[&str]; 12] = [
        &["january", "jan"],
        &["february", "feb"],
        &["march", "mar"],
        &["april", "apr"],
        &["may"],
        &["june", "jun"],
        &["july", "jul"],
        &["august", "aug"],
        &["september", "sep", "sept"],
        &["october", "oct"],
        &["november", "nov"],
        &["december", "dec"],
    ];
    let w = word.trim_end_matches('.');
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    NAMES.iter().position(|forms| forms.iter().any(|f| f.eq_ignore_ascii_case(w))).map(|i| i as u32 + 1)
}

/// Weekday number (0 = Monday) for an English weekday name.
pub fn weekday_from_name(word: &str) -> Option<u8> {
    const NAMES: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    if !(6..=9).contains(&word.len()) {
        return None;
    }
    NAMES.iter().position(|n| n.eq_ignore_ascii_case(word)).map(|i| i as u8)
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn parse_iso(s: &str) -> Option<Date> {
    // Drop a time part: 2019-09-12T10:00:00Z or "2019-09-12 10:00".
    let s = s.split(['T', ' ']).next().unwrap_or(s);
    let parts: Vec<&str> = s.split('-').collect();
    if parts[0].len() != 4 || !parts.iter().all(|p| all_digits(p)) {
        return None;
    }
    let year: i32 = parts[0].parse().ok()?;
    match parts.as_slice() {
        [_] => Date::year_only(year),
        [_, m] if m.len() <= 2 => Date::ym(year, m.parse().ok()?),
        [_, m, d] if m.len() <= 2 && d.len() <= 2 => Date::ymd(year, m.parse().ok()?, d.parse().ok()?),
        _ => None,
    }
}

/// `DD.MM.YYYY` or `DD/MM/YYYY` (day first, as in the European pages the seeds come from).
fn parse_numeric_dmy(s: &str) -> Option<Date> {
    let sep = if s.contains('.') { '.' } else { '/' };
    let parts: Vec<&str> = s.split(sep).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if !(all_digits(d) && all_digits(m) && all_digits(y)) || y.len() != 4 || d.len() > 2 || m.len() > 2 {
        return None;
    }
    Date::ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// What [`parse_named_prefix`] recognised at the start of a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// "11 September 2019", "September 11, 2019".
    Full(Date),
    /// "September 2019".
    MonthYear(Date),
    /// "January 24", "24 January": no year stated. `Date::year` is 0.
    MonthDay { month: u32, day: u32 },
}

/// Reads a date written with a month name at the start of `s`, returning it and the rest of `s`.
pub fn parse_named_prefix(s: &str) -> Option<(Named, &str)> {
    let words = split_words(s);
    let word = |i: usize| words.get(i).map(|&(w, _)| w);
    // A word's end, not counting punctuation after it ("2018,").
    let end_of = |i: usize| words[i].1 + words[i].0.trim_end_matches([',', '.', ';', ':', ')']).len();
    let num = |w: Option<&str>| -> Option<u32> {
        let w = w?;
        let w = w.trim_end_matches(',');
        let w = w.trim_end_matches("st").trim_end_matches("nd").trim_end_matches("rd").trim_end_matches("th");
        if all_digits(w) && w.len() <= 4 {
            w.parse().ok()
        } else {
            None
        }
    };
    // Day Month [Year]
    if let (Some(day), Some(month)) = (num(word(0)), word(1).and_then(|w| month_from_name(w.trim_end_matches(',')))) {
        if (1..=31).contains(&day) {
            if let Some(year) = num(word(2)).filter(|y| (1000..=9999).contains(y)) {
                let d = Date::ymd(year as i32, month, day)?;
                return Some((Named::Full(d), &s[end_of(2)..]));
            }
            if day <= days_in_month(2000, month) {
                return Some((Named::MonthDay { month, day }, &s[end_of(1)..]));
            }
        }
        return None;
    }
    // Month Day[,] [Year] | Month Year
    let month = month_from_name(word(0)?.trim_end_matches(','))?;
    let second = num(word(1))?;
    if (1000..=9999).contains(&second) {
        let d = Date::ym(second as i32, month)?;
        return Some((Named::MonthYear(d), &s[end_of(1)..]));
    }
    if !(1..=31).contains(&second) || second > days_in_month(2000, month) {
        return None;
    }
    if let Some(year) = num(word(2)).filter(|y| (1000..=9999).contains(y)) {
        let d = Date::ymd(year as i32, month, second)?;
        return Some((Named::Full(d), &s[end_of(2)..]));
    }
    Some((Named::MonthDay { month, day: second }, &s[end_of(1)..]))
}

/// Whitespace-separated words with their byte offsets; at most the first four are needed.
fn split_words(s: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push((&s[st..i], st));
                if out.len() == 4 {
                    return out;
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((&s[st..], st));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(Date::parse(input).map(|d| d.to_string()).as_deref(), expected, "{input:?}");
    }

    #[test]
    fn parses_news_forms() {
        check("2025-11-26", Some("2025-11-26"));
        check("2019-09", Some("2019-09"));
        check("2019", Some("2019"));
        check("12.09.2019", Some("2019-09-12"));
        check("12/09/2019", Some("2019-09-12"));
        check("11 September 2019", Some("2019-09-11"));
        check("September 11, 2019", Some("2019-09-11"));
        check("Sept. 11 2019", Some("2019-09-11"));
        check("September 2019", Some("2019-09"));
        check("2019-09-12T10:00:00Z", Some("2019-09-12"));
        check("31.02.2019", None);
        check("2019-13-01", None);
        check("January 24", None);
        check("hello", None);
        check("", None);
    }

    #[test]
    fn weekday_and_precision() {
        assert_eq!(Date::ymd(2012, 1, 24).unwrap().weekday(), 1); // Tuesday
        assert_eq!(Date::ymd(1970, 1, 1).unwrap().weekday(), 3);
        for days in [-1000, 0, 59, 365 * 50 + 12, 20000] {
            assert_eq!(Date::from_days(days).days_since_epoch(), days);
        }
        assert_eq!(Date::ym(2024, 2).unwrap().last_day().to_string(), "2024-02-29");
        assert!(Date::year_only(2019).unwrap() < Date::ymd(2019, 1, 1).unwrap());
    }

    #[test]
    fn named_prefix_keeps_rest() {
        let (d, rest) = parse_named_prefix("January 24 (Itar-Tass) — text").unwrap();
        assert_eq!(d, Named::MonthDay { month: 1, day: 24 });
        assert_eq!(rest, " (Itar-Tass) — text");
    }
}
