//! Dates in the text ("In July 2018", "September 5", "early October", "on Tuesday", "in 2017"),
//! resolved against the document's publication date when they leave the year out.

use super::analyse::Analysed;
use crate::date::{self, Date, Named};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `None` when the text leaves the year out and there is no publication date to resolve it.
    pub date: Option<Date>,
    #[serde(skip)]
    pub first_tok: usize,
}

const LEADS: &[&str] = &[
    "in", "on", "since", "until", "by", "from", "during", "of", "early", "mid", "late", "last", "before", "after",
    "through",
];

pub(crate) fn dates(a: &Analysed<'_>, published: Option<Date>) -> Vec<DateMention> {
    let t = &a.toks;
    let mut out: Vec<DateMention> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let norm = t[i].norm.as_str();
        let prev = i.checked_sub(1).map(|p| t[p].norm.as_str()).filter(|_| i > 0 && t[i - 1].sent == t[i].sent);
        // Month names (capitalised; "may" the verb is not a month).
        if let Some(month) = date::month_from_name(norm).filter(|_| a.is_cap(i)) {
            let day_before = prev.and_then(|p| p.parse::<u32>().ok()).filter(|d| (1..=31).contains(d));
            let start_tok = if day_before.is_some() { i - 1 } else { i };
            let from = t[start_tok].start;
            if let Some((named, rest)) = date::parse_named_prefix(&a.body[from..]) {
                let end = a.body.len() - rest.len();
                let d = match named {
                    Named::Full(d) | Named::MonthYear(d) => Some(d),
                    Named::MonthDay { month, day } => published.and_then(|p| resolve_month_day(p, month, day)),
                };
                let mut start = from;
                if let Some(m) = modifier(a, start_tok) {
                    start = t[m].start;
                }
                out.push(DateMention {
                    start,
                    end,
                    text: a.body[start..end].to_string(),
                    date: d,
                    first_tok: start_tok,
                });
                i = t.partition_point(|x| x.start < end);
                continue;
            }
            // A bare month: "in early October", "in September".
            let m_tok = modifier(a, i);
            let lead = m_tok.map_or(prev, |m| m.checked_sub(1).map(|p| t[p].norm.as_str()));
            if m_tok.is_some() || lead.is_some_and(|l| LEADS.contains(&l)) {
                let start = t[m_tok.unwrap_or(i)].start;
                let d = published.map(|p| {
                    let year = if month as u8 <= p.month || p.month == 0 { p.year } else { p.year - 1 };
                    Date::ym(year, month).expect("valid month")
                });
                out.push(DateMention {
                    start,
                    end: t[i].end,
                    text: a.body[start..t[i].end].to_string(),
                    date: d,
                    first_tok: m_tok.unwrap_or(i),
                });
            }
            i += 1;
            continue;
        }
        // "in 2017": a year after a preposition, not part of a range or a number.
        if norm.len() == 4 && norm.bytes().all(|b| b.is_ascii_digit()) && prev.is_some_and(|p| LEADS.contains(&p)) {
            let y: i32 = norm.parse().unwrap_or(0);
            let range = a.gap(i).starts_with(['-', '–']);
            if (1950..=2100).contains(&y) && !range {
                out.push(DateMention {
                    start: t[i].start,
                    end: t[i].end,
                    text: a.raw(i).to_string(),
                    date: Date::year_only(y),
                    first_tok: i,
                });
            }
        }
        // "on Tuesday": the latest such day on or before publication.
        if let (Some(w), Some("on")) = (date::weekday_from_name(norm).filter(|_| a.is_cap(i)), prev) {
            let d = published.filter(|p| p.month != 0 && p.day != 0).map(|p| {
                let back = (p.weekday() as i64 - w as i64).rem_euclid(7);
                Date::from_days(p.days_since_epoch() - back)
            });
            out.push(DateMention {
                start: t[i].start,
                end: t[i].end,
                text: a.raw(i).to_string(),
                date: d,
                first_tok: i,
            });
        }
        i += 1;
    }
    out
}

/// "early", "mid", "late" (or "mid-") right before token `i`.
fn modifier(a: &Analysed<'_>, i: usize) -> Option<usize> {
    let p = i.checked_sub(1)?;
    (a.toks[p].sent == a.toks[i].sent && matches!(a.toks[p].norm.as_str(), "early" | "mid" | "late" | "end"))
        .then_some(p)
}

/// The year that puts month-day closest before publication (a week after it is still allowed).
fn resolve_month_day(published: Date, month: u32, day: u32) -> Option<Date> {
    let same = Date::ymd(published.year, month, day)?;
    if published.precision() != date::Precision::Day || same.days_since_epoch() <= published.days_since_epoch() + 7 {
        Some(same)
    } else {
        Date::ymd(published.year - 1, month, day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, published: Option<&str>, expected: &str) {
        let a = Analysed::new(text);
        let got: Vec<String> = dates(&a, published.and_then(Date::parse))
            .iter()
            .map(|d| format!("{}={}", d.text, d.date.map(|d| d.to_string()).unwrap_or("?".into())))
            .collect();
        assert_eq!(got.join("; "), expected, "{text:?}");
    }

    #[test]
    fn resolves_against_publication() {
        check("In July 2018, customs seized", None, "July 2018=2018-07");
        check("met in Lankaran on September 5, according to", Some("2019-09-11"), "September 5=2019-09-05");
        check("on December 20 they met", Some("2019-01-10"), "December 20=2018-12-20");
        check("In early October, the service foiled", Some("2021-11-02"), "early October=2021-10");
        check("In early September, Azerbaijan thwarted", None, "early September=?");
        check("met on Tuesday and signed", Some("2012-01-24"), "Tuesday=2012-01-24");
        check("on Tuesday", Some("2012-01-26"), "Tuesday=2012-01-24");
        check(
            "In 2018, Iranian law enforcement; a plan for 2012-2014; 11 September 2019",
            None,
            "2018=2018; 11 September 2019=2019-09-11",
        );
        check("In December 2024, Alexander", None, "December 2024=2024-12");
        check("He may go. May 5 is a date in May.", Some("2020-06-01"), "May 5=2020-05-05; May=2020-05");
    }
}
