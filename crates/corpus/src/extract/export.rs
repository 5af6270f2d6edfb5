//! Events written out for other tools: CSV (one row per event, safe to open in a spreadsheet) and
//! JSON. The explorer's export buttons and `trawl events --csv` both write these.

use super::Event;
use crate::corpus::Corpus;

/// The CSV header; one row per event follows, in the order given.
pub const CSV_HEADER: &str =
    "kind,doc,title,drug,kg,count,qualifier,place,country,date,agency,parties,aggregate,sentence";

/// `events` as CSV, with the title of each event's document from `corpus`. Text cells are quoted
/// and neutralised against formula injection ([`csv_text`]); numbers, dates, kinds and flags,
/// which Trawl writes itself, are bare.
pub fn events_csv(corpus: &Corpus, events: &[&Event]) -> String {
    let mut out = String::with_capacity(CSV_HEADER.len() + 1 + events.len() * 256);
    out.push_str(CSV_HEADER);
    out.push('\n');
    for e in events {
        let title = corpus.get(&e.doc_id).map_or("", |d| d.title.as_str());
        let row = [
            e.kind.as_str().to_string(),
            csv_text(&e.doc_id),
            csv_text(title),
            csv_text(e.drug.as_deref().unwrap_or("")),
            e.kg.map(|k| crate::numbers::trimmed(k, 6)).unwrap_or_default(),
            e.count.map(|c| c.to_string()).unwrap_or_default(),
            csv_text(e.qualifier.as_deref().unwrap_or("")),
            csv_text(e.place.as_deref().unwrap_or("")),
            csv_text(e.country.as_deref().unwrap_or("")),
            e.date.map(|d| d.to_string()).unwrap_or_default(),
            csv_text(e.agency.as_deref().unwrap_or("")),
            csv_text(&e.parties.join("; ")),
            e.aggregate.to_string(),
            csv_text(evidence(corpus, e)),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// `events` as a pretty-printed JSON array of the events as they are stored, each with its evidence
/// sentence (events keep it as a range of their document's body).
pub fn events_json(corpus: &Corpus, events: &[&Event]) -> String {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        event: &'a Event,
        sentence: &'a str,
    }
    let rows: Vec<Row> = events.iter().map(|e| Row { event: e, sentence: evidence(corpus, e) }).collect();
    // Plain fields with string keys cannot fail to serialise. Not `expect`: formatting serde_json's
    // error would put its `Debug` code into the page's wasm for a message never shown.
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| unreachable!("events serialise"))
}

/// The evidence sentence of an event of `corpus`.
fn evidence<'a>(corpus: &'a Corpus, e: &Event) -> &'a str {
    corpus.docs().get(e.doc as usize).map_or("", |d| e.evidence(&d.body))
}

/// One CSV cell of text from a document, as OWASP advises against CSV injection: a cell starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return, which a spreadsheet would run as a formula,
/// gets a leading `'`; every cell is quoted, with its quotes doubled.
pub fn csv_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 3);
    out.push('"');
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    out.push_str(&s.replace('"', "\"\""));
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_cannot_start_a_formula() {
        for (text, cell) in [
            ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            ("+1+1", "\"'+1+1\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\t=1", "\"'\t=1\""),
            ("\r=1", "\"'\r=1\""),
            ("Astara", "\"Astara\""),
            ("a = b, \"c\"\nd", "\"a = b, \"\"c\"\"\nd\""),
            ("", "\"\""),
        ] {
            assert_eq!(csv_text(text), cell, "{text:?}");
        }
    }

    #[test]
    fn exported_events_keep_their_columns_and_neutralise_formulas() {
        let mut corpus = Corpus::new();
        let json = r#"{"id": "@SUM(1)", "title": "=cmd|' /C calc'!A0", "body": "Police in Astara seized 200 kilograms of heroin on Monday."}"#;
        corpus.add_file("x.json", json.as_bytes());
        let x = crate::tests::extractor().extract(&corpus);
        let events: Vec<&Event> = x.events.iter().collect();
        assert_eq!(events.len(), 1, "{:?}", x.events);
        let csv = events_csv(&corpus, &events);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some(CSV_HEADER));
        let row = lines.next().unwrap();
        assert!(row.starts_with(r#"seizure,"'@SUM(1)","'=cmd|' /C calc'!A0","heroin",200,"#), "{row}");
        assert!(row.ends_with(r#",false,"Police in Astara seized 200 kilograms of heroin on Monday.""#), "{row}");
        assert_eq!(lines.next(), None);
        let json: serde_json::Value = serde_json::from_str(&events_json(&corpus, &events)).unwrap();
        assert_eq!(json[0]["doc_id"], "@SUM(1)");
        assert_eq!(json[0]["kg"], 200.0);
        assert_eq!(json[0]["sentence"], "Police in Astara seized 200 kilograms of heroin on Monday.");
    }
}
