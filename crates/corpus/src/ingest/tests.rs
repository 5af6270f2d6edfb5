//! Ingestion tests: one `check` helper, a fixture in and a compact printout out.

use super::ingest;
use expect_test::{expect, Expect};

fn check(name: &str, input: &str, expected: Expect) {
    check_bytes(name, input.as_bytes(), expected)
}

fn check_bytes(name: &str, input: &[u8], expected: Expect) {
    let out = ingest(name, input);
    let mut s = String::new();
    for d in &out.documents {
        s.push_str(&format!(
            "id={} title={:?} date={} source={:?} url={:?} dateline={:?}\n",
            d.id,
            d.title,
            d.date.map(|d| d.to_string()).unwrap_or_default(),
            d.source,
            d.url,
            d.dateline
        ));
        s.push_str(&format!("body={:?}\n", d.body));
    }
    for d in &out.diagnostics {
        s.push_str(&format!("{d}\n"));
    }
    expected.assert_eq(&s);
}

#[test]
fn markdown_heading_page_date_and_source_line() {
    check(
        "a.txt",
        "\n\n---\n\n## **IRAN & AZERBAIJAN**\n\n-\n\n12.09.2019\n\n---\n\nCaspian News (11 September 2019)\n\nIran had seized the largest quantity of opiates worldwide, accounting for 39 percent – just over\n\n630 tons of opium.\n\n<https://example.com/a>\n\n---\n\nKaynak/Source:\n",
        expect![[r#"
            id=a title="IRAN & AZERBAIJAN" date=2019-09-11 source=Some("Caspian News") url=Some("https://example.com/a") dateline=None
            body="12.09.2019\n\nCaspian News (11 September 2019)\n\nIran had seized the largest quantity of opiates worldwide, accounting for 39 percent – just over 630 tons of opium.\n\nhttps://example.com/a\n\nKaynak/Source:"
        "#]],
    );
}

#[test]
fn date_prefix_and_dash_dateline() {
    check(
        "b.txt",
        " date 2025-11-26 TEHEAN – Iran’s police chief met.\n\nSecond.",
        expect![[r#"
            id=b title="Iran’s police chief met" date=2025-11-26 source=None url=None dateline=Some("Tehean")
            body="date 2025-11-26 TEHEAN – Iran’s police chief met.\n\nSecond."
        "#]],
    );
}

#[test]
fn junk_title_line_and_agency_dateline_with_inferred_year() {
    check(
        "c.txt",
        "All news\n\nRussian, Iranian services agree\n\nMOSCOW, January 24 (Itar-Tass) — A meeting on Tuesday ended with a plan for 2012-2014.",
        expect![[r#"
            id=c title="Russian, Iranian services agree" date=2012-01-24 source=Some("Itar-Tass") url=None dateline=Some("Moscow")
            body="All news\n\nMOSCOW, January 24 (Itar-Tass) — A meeting on Tuesday ended with a plan for 2012-2014."
            warning: c.txt: dateline gives January 24 without a year; year 2012 inferred: the only year mentioned on which that day is a weekday the text names
        "#]],
    );
    check(
        "d.txt",
        "MOSCOW, January 24 (Itar-Tass) — A meeting ended.",
        expect![[r#"
            id=d title="A meeting ended" date= source=Some("Itar-Tass") url=None dateline=Some("Moscow")
            body="MOSCOW, January 24 (Itar-Tass) — A meeting ended."
            warning: d.txt: dateline gives January 24 without a year; no publication date set
        "#]],
    );
}

#[test]
fn a_stated_date_needs_no_year_from_the_dateline() {
    check(
        "m.json",
        r#"{"date": "2012-01-24", "body": "MOSCOW, January 24 (Itar-Tass) — A meeting ended."}"#,
        expect![[r#"
            id=m title="A meeting ended" date=2012-01-24 source=Some("Itar-Tass") url=None dateline=Some("Moscow")
            body="MOSCOW, January 24 (Itar-Tass) — A meeting ended."
        "#]],
    );
}

#[test]
fn long_first_line_is_body_and_title_is_cut() {
    let line = "According to the released statement of the Iranian intelligence ministry, through extensive operations carried out by the Intelligence Ministry forces, a gang has been dismantled";
    check(
        "e.txt",
        &format!("{line}\n\nMore."),
        expect![[r#"
            id=e title="According to the released statement of the Iranian intelligence ministry, through extensive operations carried out by…" date= source=None url=None dateline=None
            body="According to the released statement of the Iranian intelligence ministry, through extensive operations carried out by the Intelligence Ministry forces, a gang has been dismantled\n\nMore."
        "#]],
    );
}

#[test]
fn markdown_front_matter() {
    check(
        "notes/f.md",
        "---\ntitle: \"Seizure at Astara\"\ndate: 2021-10-05\nsource: Trend\nurl: https://example.org/x\n---\n# Heading kept\n\nBody with a [link](https://x.y) and **bold**.\n",
        expect![[r#"
            id=notes/f title="Seizure at Astara" date=2021-10-05 source=Some("Trend") url=Some("https://example.org/x") dateline=None
            body="Heading kept\n\nBody with a link and bold."
        "#]],
    );
}

#[test]
fn json_array_object_and_bad_records() {
    check(
        "g.json",
        r#"[{"id": "x1", "title": "T", "date": "2020-01-02", "source": "S", "url": "javascript:alert(1)", "body": "Text one."},
            {"headline": "H", "text": "Text two.", "published_at": "yesterday"},
            {"title": "no body"}, 42]"#,
        expect![[r#"
            id=x1 title="T" date=2020-01-02 source=Some("S") url=None dateline=None
            body="Text one."
            id=g-2 title="H" date= source=None url=None dateline=None
            body="Text two."
            error: g.json [2]: no text field (one of body, text, content, article, full_text, fulltext, description, summary); skipped
            error: g.json [3]: expected an object with a text field, found a number; skipped
            warning: g.json [1]: date "yesterday" not understood; ignored
        "#]],
    );
    check(
        "h.json",
        r#"{"title": "One", "content": "<p>Para &amp; one.</p><script>alert(1)</script><p>Two</p>"}"#,
        expect![[r#"
            id=h title="One" date= source=None url=None dateline=None
            body="Para & one.\n\nTwo"
        "#]],
    );
    check(
        "bad.json",
        r#"{"title": "One", "body": "#,
        expect![[r#"
            error: bad.json: invalid JSON: EOF while parsing a value at line 1 column 25; file skipped
        "#]],
    );
}

#[test]
fn a_record_body_keeps_every_line() {
    // Reuters-21578 as JSON Lines: the first line looked like a title and was dropped for the record's own.
    check(
        "r.jsonl",
        r#"{"title": "X", "body": "Showers continued throughout the week in\nthe zone."}"#,
        expect![[r#"
            id=r-1 title="X" date= source=None url=None dateline=None
            body="Showers continued throughout the week in the zone."
        "#]],
    );
    // Without a title of its own, a record's title line becomes its title and stays in its body; so do
    // dates, source lines, URLs and junk, which set metadata.
    check(
        "s.json",
        r#"{"body": "Grain shipments rise\n\n12.09.2019\n\nCaspian News (11 September 2019)\n\nShare\n\nhttps://example.com/a\n\nShipments rose."}"#,
        expect![[r#"
            id=s title="Grain shipments rise" date=2019-09-11 source=Some("Caspian News") url=Some("https://example.com/a") dateline=None
            body="Grain shipments rise\n\n12.09.2019\n\nCaspian News (11 September 2019)\n\nShare\n\nhttps://example.com/a\n\nShipments rose."
        "#]],
    );
}

#[test]
fn a_file_loses_only_its_title_line() {
    // A first line continued by the next is the start of a paragraph, not a title.
    check(
        "w.txt",
        "Showers continued throughout the week in\nthe zone.\n\nMore rain.",
        expect![[r#"
            id=w title="Showers continued throughout the week in the zone" date= source=None url=None dateline=None
            body="Showers continued throughout the week in the zone.\n\nMore rain."
        "#]],
    );
    // Furniture is neither the title nor the first sentence of a derived one.
    check(
        "x.txt",
        "Share\n\n12.09.2019\n\nPolice seized heroin. More followed.",
        expect![[r#"
            id=x title="Police seized heroin" date=2019-09-12 source=None url=None dateline=None
            body="Share\n\n12.09.2019\n\nPolice seized heroin. More followed."
        "#]],
    );
    // A page's heading stays in its body when the page states its title otherwise.
    check(
        "y.html",
        r#"<html><head><meta property="og:title" content="Stated"></head><body><h1>Heroin found</h1><p>Text.</p></body></html>"#,
        expect![[r#"
            id=y title="Stated" date= source=None url=None dateline=None
            body="Heroin found\n\nText."
        "#]],
    );
    // A block that names no field Trawl reads is text, not front matter.
    check(
        "z.md",
        "---\nKaynak/Source:\n---\nPolice seized heroin.",
        expect![[r#"
            id=z title="Police seized heroin" date= source=None url=None dateline=None
            body="Kaynak/Source:\n\nPolice seized heroin."
        "#]],
    );
}

#[test]
fn an_empty_text_field_says_so() {
    check(
        "e.jsonl",
        "{\"title\": \"Headline only\", \"body\": \"\"}\n{\"body\": \"  \"}\n{\"title\": \"No body field\"}\n",
        expect![[r#"
            id=e-1 title="Headline only" date= source=None url=None dateline=None
            body=""
            error: e.jsonl:2: empty text field "body" and no title; skipped
            error: e.jsonl:3: no text field (one of body, text, content, article, full_text, fulltext, description, summary); skipped
            warning: e.jsonl:1: empty text field "body"; only the title is indexed
        "#]],
    );
}

#[test]
fn json_lines_keep_good_lines() {
    check(
        "k.jsonl",
        "{\"body\": \"First.\"}\n{broken\n\n{\"id\": 7, \"body\": \"Third.\"}\n",
        expect![[r#"
            id=k-1 title="First" date= source=None url=None dateline=None
            body="First."
            id=7 title="Third" date= source=None url=None dateline=None
            body="Third."
            error: k.jsonl:2: invalid JSON: key must be a string at line 1 column 2; line skipped
        "#]],
    );
}

#[test]
fn csv_and_tsv_rows() {
    check_bytes(
        "wire.csv",
        b"\xEF\xBB\xBFID,Headline,Text,Published,Link\r\n\
          a1,Wheat exports rise,\"Showers continued throughout the week in\r\nthe zone, \"\"officials\"\" said.\",1987-02-26,https://example.com/1\r\n\
          ,Second,Plain body.,26 February 1987,\r\n\
          \r\n\
          ,Headline only,,,\r\n\
          ,,,,\r\n\
          ,Extra,\"Body, quoted.\",,,surplus\r\n",
        expect![[r#"
            id=a1 title="Wheat exports rise" date=1987-02-26 source=None url=Some("https://example.com/1") dateline=None
            body="Showers continued throughout the week in the zone, \"officials\" said."
            id=wire-2 title="Second" date=1987-02-26 source=None url=None dateline=None
            body="Plain body."
            id=wire-3 title="Headline only" date= source=None url=None dateline=None
            body=""
            id=wire-4 title="Extra" date= source=None url=None dateline=None
            body="Body, quoted."
            warning: wire.csv:8: row has 6 fields, the header 5; the extra ones are not read (a delimiter outside quotes?)
            warning: wire.csv:6: empty text field "Text"; only the title is indexed
        "#]],
    );
    check(
        "wire.tsv",
        "title\tbody\tsource\nOne\tTab separated, with commas.\tReuters\n",
        expect![[r#"
            id=wire-1 title="One" date= source=Some("Reuters") url=None dateline=None
            body="Tab separated, with commas."
        "#]],
    );
    check(
        "bad.csv",
        "id,headline,date\n1,Title,2020-01-01\n",
        expect![[r#"
            error: bad.csv: no text column (one of body, text, content, article, full_text, fulltext, description, summary) in the header, which has "id", "headline", "date"; file skipped
        "#]],
    );
    check(
        "open.csv",
        "title,body\nA,Fine.\nB,\"Never closed\n\nC,lost\n",
        expect![[r#"
            id=open-1 title="A" date= source=None url=None dateline=None
            body="Fine."
            error: open.csv:3: a quoted field is never closed; the rest of the file is skipped
        "#]],
    );
}

#[test]
fn reuters_sgml_records() {
    // Written in the exact layout of reut2-000.sgm: a normal story, a brief, an unprocessed table, and a
    // Latin-1 story.
    check_bytes(
        "reut2-000.sgm",
        include_bytes!("../../../../tests/fixtures/formats/reut2-000.sgm"),
        expect![[r#"
            id=1 title="ARGENTINE WHEAT HARVEST REVIEW" date=1987-02-26 source=Some("Reuters") url=None dateline=Some("Buenos Aires")
            body="BUENOS AIRES, Feb 26 - Showers continued throughout the week in the southern wheat zone, delaying the end of the harvest, the grain board said in its weekly review.\n\nShipments for the week ended February 21 were 155,221 tonnes against 148,300 a week earlier, the board said.\n\nTraders said prices for nearby shipment were <firm> at 112 to 114 dlrs per tonne FOB, with M&M Grain buying at the lower end.\n\nReuter"
            id=2 title="HARBOR MILLS <HBM> APPROVES TWO-FOR-ONE SPLIT" date=1987-02-26 source=Some("Reuters") url=None dateline=None
            body=""
            id=3 title="WEEKLY BARLEY INSPECTIONS, IN TONNES" date=1987-02-26 source=Some("Reuters") url=None dateline=None
            body="WEEKLY BARLEY INSPECTIONS, IN TONNES\n\nPORT            THIS WEEK    LAST WEEK\n\nGULF              41,200       38,950\n\nPACIFIC           12,075       14,330\n\nReuter"
            id=4 title="COFFEE QUOTA TALKS RESUME IN SÃO PAULO" date=1987-03-02 source=Some("Reuters") url=None dateline=Some("Sao Paulo")
            body="SAO PAULO, March 2 - Producers and consumers resumed talks on export quotas at the café owners' club on Monday, delegates said.\n\nA decision is not expected before the end of the week.\n\nReuter"
            warning: reut2-000.sgm: not UTF-8; decoded as Windows-1252 (Latin-1)
        "#]],
    );
}

#[test]
fn reuters_xml_conversions_are_sniffed() {
    check(
        "reut-00001.xml",
        "<?xml version=\"1.0\"?>\n<REUTERS TOPICS=\"YES\" NEWID=\"127\">\n <DATE>26-FEB-1987 17:00:56.04</DATE>\n <TEXT>\n  <TITLE>CRUDE PRICES &amp; OUTPUT</TITLE>\n  <DATELINE>    NEW YORK, Feb 26 - </DATELINE>\n  <BODY>Crude rose.\n Reuter\n</BODY>\n </TEXT>\n</REUTERS>\n",
        expect![[r#"
            id=127 title="CRUDE PRICES & OUTPUT" date=1987-02-26 source=Some("Reuters") url=None dateline=Some("New York")
            body="NEW YORK, Feb 26 - Crude rose.\n\nReuter"
        "#]],
    );
}

#[test]
fn an_unclosed_reuters_record_ends_at_the_next() {
    check(
        "u.sgm",
        "<REUTERS NEWID=\"1\"><TEXT TYPE=\"UNPROC\">First story.\n<REUTERS NEWID=\"2\"><TEXT TYPE=\"UNPROC\">Second story.</TEXT></REUTERS>",
        expect![[r#"
            id=1 title="First story" date= source=Some("Reuters") url=None dateline=None
            body="First story."
            id=2 title="Second story" date= source=Some("Reuters") url=None dateline=None
            body="Second story."
            warning: u.sgm:1: record never closed (no </REUTERS>); read to the next
        "#]],
    );
}

#[test]
fn html_text_only() {
    check(
        "p.html",
        r#"<!DOCTYPE html><html><head><title>Page | Site</title>
        <meta property="og:site_name" content="Trend News"><meta property="article:published_time" content="2021-10-05T08:00:00Z">
        <link rel="canonical" href="https://trend.az/a"><style>p{}</style></head>
        <body><nav>Home | World</nav><h1>Heroin &amp; raisins</h1><p>Customs found <b>301 kg</b> of heroin.<br>Truck detained.</p>
        <script>document.write("<p>evil</p>")</script><img src=x onerror=alert(1)><p>5 &lt; 6 &#x2014; ok</p><footer>(c)</footer></body></html>"#,
        expect![[r#"
            id=p title="Heroin & raisins" date=2021-10-05 source=Some("Trend News") url=Some("https://trend.az/a") dateline=None
            body="Customs found 301 kg of heroin. Truck detained.\n\n5 < 6 — ok"
        "#]],
    );
}

#[test]
fn encodings_and_bad_files() {
    check_bytes(
        "empty.txt",
        b"",
        expect![[r#"
        error: empty.txt: file is empty
    "#]],
    );
    check_bytes(
        "bom.txt",
        b"\xEF\xBB\xBFHello world.",
        expect![[r#"
        id=bom title="Hello world" date= source=None url=None dateline=None
        body="Hello world."
    "#]],
    );
    check_bytes(
        "latin1.txt",
        b"Z\xFCrich caf\xE9.",
        expect![[r#"
        id=latin1 title="Zürich café" date= source=None url=None dateline=None
        body="Zürich café."
        warning: latin1.txt: not UTF-8; decoded as Windows-1252 (Latin-1)
    "#]],
    );
    check_bytes(
        "mixed.txt",
        "Zürich \u{e9}".as_bytes().iter().copied().chain([0xFF, b'.']).collect::<Vec<u8>>().as_slice(),
        expect![[r#"
        id=mixed title="Zürich é�" date= source=None url=None dateline=None
        body="Zürich é�."
        warning: mixed.txt: invalid UTF-8 sequences replaced with �
    "#]],
    );
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("Hi there.".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    check_bytes(
        "u16.txt",
        &utf16,
        expect![[r#"
        id=u16 title="Hi there" date= source=None url=None dateline=None
        body="Hi there."
        warning: u16.txt: decoded as UTF-16
    "#]],
    );
    check_bytes(
        "bin.dat",
        b"\x00\x01\x02\x7fELF\x00\x00",
        expect![[r#"
        error: bin.dat: binary file (contains NUL bytes), not text; skipped
    "#]],
    );
}

/// A minimal ZIP local file header naming `entry`, as the first bytes of an Office file.
fn zip_with(entry: &str) -> Vec<u8> {
    let mut b = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    b.extend_from_slice(&[0; 16]);
    b.extend_from_slice(&(entry.len() as u16).to_le_bytes());
    b.extend_from_slice(&[0, 0]);
    b.extend_from_slice(entry.as_bytes());
    b.extend_from_slice(&[0x8d, 0x52, 0x00, 0x13, 0xff]);
    b
}

#[test]
fn files_that_are_not_text_say_how_to_convert_them() {
    // A text-only PDF has no NUL byte: it would be indexed as raw `%PDF-1.4 …`.
    let pdf =
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nBT /F1 12 Tf (Heroin seized) Tj ET\n%%EOF\n";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("report.pdf", pdf.to_vec()),
        ("report", pdf.to_vec()),
        ("brief.docx", zip_with("word/document.xml")),
        ("brief", zip_with("[Content_Types].xml\0word/document.xml")),
        ("sheet.xlsx", zip_with("xl/workbook.xml")),
        ("notes.odt", zip_with("mimetypeapplication/vnd.oasis.opendocument.text")),
        ("slides.pptx", zip_with("ppt/presentation.xml")),
        ("bundle.zip", zip_with("a.txt")),
        ("old.doc", vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]),
        ("letter.rtf", br"{\rtf1\ansi Heroin seized at the border.}".to_vec()),
        ("scan.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("photo.jpg", vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F']),
        // Named so, but damaged: still not text.
        ("broken.pdf", vec![0x13, 0x02, 0x7f, 0x01, 0x05, 0x06]),
    ];
    let mut s = String::new();
    for (name, bytes) in &cases {
        let out = ingest(name, bytes);
        assert!(out.documents.is_empty(), "{name}");
        for d in &out.diagnostics {
            s.push_str(&format!("{d}\n"));
        }
    }
    expect![[r#"
        error: report.pdf: PDF is not supported: convert it to text first, e.g. `pdftotext file.pdf` (poppler-utils), and add the .txt; skipped
        error: report: PDF is not supported: convert it to text first, e.g. `pdftotext file.pdf` (poppler-utils), and add the .txt; skipped
        error: brief.docx: Word document (.docx) is not supported: convert it to text first, e.g. `pandoc -t plain file.docx -o file.txt`, or in Word use Save As → Plain Text (.txt); skipped
        error: brief: Word document (.docx) is not supported: convert it to text first, e.g. `pandoc -t plain file.docx -o file.txt`, or in Word use Save As → Plain Text (.txt); skipped
        error: sheet.xlsx: spreadsheet (.xlsx, .ods) is not supported: save the sheet as CSV (one row per document, with a `body` or `text` column) and add the .csv; skipped
        error: notes.odt: OpenDocument text (.odt) is not supported: convert it to text first, e.g. `pandoc -t plain file.odt -o file.txt`, or Save As → Text (.txt); skipped
        error: slides.pptx: PowerPoint (.pptx) is not supported: convert it to text first, e.g. `pandoc -t plain file.pptx -o file.txt`; skipped
        error: bundle.zip: ZIP archive is not supported: unpack it and add the files (or the folder) inside; skipped
        error: old.doc: Word/Excel 97–2003 file (.doc, .xls) is not supported: open it and Save As Plain Text (.txt) or CSV, e.g. `libreoffice --headless --convert-to txt file.doc`; skipped
        error: letter.rtf: RTF is not supported: convert it to text first, e.g. `pandoc -t plain file.rtf -o file.txt`, or Save As Plain Text; skipped
        error: scan.png: PNG image has no text to read: run OCR first, e.g. `tesseract scan.png scan` gives scan.txt; skipped
        error: photo.jpg: JPEG image has no text to read: run OCR first, e.g. `tesseract scan.png scan` gives scan.txt; skipped
        error: broken.pdf: PDF is not supported: convert it to text first, e.g. `pdftotext file.pdf` (poppler-utils), and add the .txt; skipped
    "#]]
    .assert_eq(&s);
    // A text file merely named `.pdf` is still read.
    assert_eq!(ingest("notes.pdf", b"Police seized heroin.").documents.len(), 1);
}

#[test]
fn a_table_read_as_text_says_how_to_read_its_rows() {
    check(
        "articles.txt",
        "id,title,date,body\n1,Heroin at Samur,2020-01-02,Customs found heroin.\n",
        expect![[r#"
            id=articles title="id,title,date,body 1,Heroin at Samur,2020-01-02,Customs found heroin" date= source=None url=None dateline=None
            body="id,title,date,body 1,Heroin at Samur,2020-01-02,Customs found heroin."
            warning: articles.txt: read as one document, though its first line (id,title,date,body) looks like a table's header: to read one document per row, name the file .csv
        "#]],
    );
    // Prose with commas is not a table.
    let out = ingest("prose.txt", b"Police, customs and guards met.\n\nThey seized heroin.");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn deeply_nested_json_is_refused_with_a_message() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let out = ingest("deep.json", deep.as_bytes());
    assert!(out.documents.is_empty());
    assert_eq!(out.diagnostics.len(), 1);
    assert!(out.diagnostics[0].message.contains("recursion limit exceeded"), "{}", out.diagnostics[0]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    /// Any bytes under any supported name: documents and diagnostics, never a panic, and every
    /// document's body is text that later stages can slice.
    #[test]
    fn ingest_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048), ext in 0usize..10) {
        let name = ["a.txt", "a.md", "a.json", "a.jsonl", "a.html", "a.csv", "a.tsv", "a.sgm", "a", "a.weird"][ext];
        let out = ingest(name, &bytes);
        for d in &out.documents {
            proptest::prop_assert!(!d.id.is_empty());
            let _ = crate::text::tokens(&d.body);
        }
    }

    /// Text shaped like the formats (tags, braces, quotes, dates, datelines) rather than noise.
    #[test]
    fn ingest_never_panics_on_format_like_text(s in "(<[a-zA-Z/!]{0,8}[^>]{0,12}>|<REUTERS NEWID=\"1\">|</?(TEXT|TITLE|BODY|DATELINE|DATE|REUTERS)>|<TEXT TYPE=\"(BRIEF|UNPROC)\">|[{}\\[\\]\":,\t]|\"\"|\r\n|date |MOSCOW, |January 24 |\\(Itar-Tass\\) |— |## |\\*\\*|&[a-z#0-9]{0,6};|---\n|[a-zA-Z0-9 .\n]{0,12}){0,40}", ext in 0usize..8) {
        let name = ["a.txt", "a.md", "a.json", "a.jsonl", "a.html", "a.csv", "a.tsv", "a.sgm"][ext];
        let _ = ingest(name, s.as_bytes());
    }
}

#[test]
fn entity_lookahead_stops_on_char_boundaries() {
    // Regression (found by proptest): `&` followed by multi-byte text within 12 bytes.
    check(
        "e.html",
        "<p>&;MOSCOW, — date &au5jg#; x</p>",
        expect![[r#"
        id=e title="&;MOSCOW, — date &au5jg#; x" date= source=None url=None dateline=None
        body="&;MOSCOW, — date &au5jg#; x"
    "#]],
    );
}

/// Lines a news body mixes: prose, title-like lines, dates, `Source (date)` lines, `date …` prefixes,
/// datelines, URLs, headings and page junk, in any order.
fn body_line() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    const WORDS: &[&str] = &[
        "showers",
        "continued",
        "throughout",
        "week",
        "zone",
        "heroin",
        "customs",
        "border",
        "Astara",
        "seized",
        "officers",
        "wheat",
        "grain",
        "Baku",
        "tonnes",
        "1,100",
        "police",
        "ministry",
        "Tehran",
        "agreement",
    ];
    let word = proptest::sample::select(WORDS);
    let words = proptest::collection::vec(word, 1..9).prop_map(|w| w.join(" "));
    let capital = |s: String| -> String {
        let mut c = s.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    };
    prop_oneof![
        words.clone().prop_map(move |w| format!("{}.", capital(w))),
        words.clone().prop_map(move |w| format!("{} zone", capital(w))),
        words.clone(),
        Just("12.09.2019".to_string()),
        Just("2019-09-12".to_string()),
        Just("11 September 2019".to_string()),
        words.clone().prop_map(move |w| format!("{} Mirror (11 September 2019)", capital(w))),
        words.clone().prop_map(|w| format!("date 2025-11-26 {w}.")),
        words.clone().prop_map(|w| format!("MOSCOW, January 24 (Itar-Tass) — {w}.")),
        words.clone().prop_map(|w| format!("TEHRAN – {w}.")),
        Just("https://example.com/alpha/beta".to_string()),
        Just("<https://news.example.org/gamma>".to_string()),
        words.clone().prop_map(|w| format!("## {w}")),
        words.prop_map(|w| format!("**{w}**")),
        proptest::sample::select(&["All news", "Share", "Print", "Kaynak/Source:", "Read more", "---", "-"][..])
            .prop_map(str::to_string),
    ]
}

fn body_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    proptest::collection::vec((body_line(), proptest::bool::ANY), 1..12).prop_map(|lines| {
        let mut s = String::new();
        for (line, blank_after) in lines {
            s.push_str(&line);
            s.push_str(if blank_after { "\n\n" } else { "\n" });
        }
        s
    })
}

/// Every word of `body` is found by a search of the corpus made of `name` (one document).
fn every_word_is_found(name: &str, bytes: &[u8], body: &str) -> Result<(), proptest::test_runner::TestCaseError> {
    use crate::search::{search_text, SearchOptions};
    let (corpus, _) = crate::Corpus::from_files([(name, bytes)]);
    proptest::prop_assert_eq!(corpus.len(), 1);
    let index = crate::index::Index::build(&corpus);
    let doc = &corpus.docs()[0];
    for (_, _, word) in crate::text::tokens(body) {
        let found = search_text(&corpus, &index, &format!("\"{word}\""), &SearchOptions::default(), None).total;
        proptest::prop_assert_eq!(found, 1, "{:?} not found; title {:?}, body {:?}", word, doc.title, doc.body);
    }
    Ok(())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Heuristics only add metadata: no word of a body is left out of the index, whether the body is
    /// a record's field (with or without a title of its own) or a whole text file.
    #[test]
    fn every_word_of_a_body_is_indexed(body in body_text()) {
        let with_title = serde_json::json!({"title": "Stated title", "body": body}).to_string();
        every_word_is_found("r.json", with_title.as_bytes(), &body)?;
        let without_title = serde_json::json!({"body": body}).to_string();
        every_word_is_found("r.json", without_title.as_bytes(), &body)?;
        every_word_is_found("r.txt", body.as_bytes(), &body)?;
    }
}

#[test]
fn ids_keep_the_relative_path_and_paths_locate_records() {
    let files: [(&str, &[u8]); 6] = [
        ("politics/001.txt", b"Blair wins the election."),
        ("business/001.txt", b"Shares rise."),
        ("business\\002.txt", b"Windows path."),
        (
            "./wire/news.jsonl.gz",
            b"{\"body\": \"First.\"}\n\n{\"id\": \"own\", \"body\": \"Second.\"}\n{\"body\": \"Third.\"}",
        ),
        ("wire/list.json", b"[{\"body\": \"One.\"}, {\"body\": \"Two.\"}]"),
        ("top.md", b"# Top\n\nText."),
    ];
    let (corpus, diagnostics) = crate::Corpus::from_files(files);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let rows: Vec<String> = corpus.docs().iter().map(|d| format!("{} <- {}", d.id, d.path)).collect();
    expect![[r#"
        [
            "politics/001 <- politics/001.txt",
            "business/001 <- business/001.txt",
            "business/002 <- business/002.txt",
            "wire/news-1 <- wire/news.jsonl.gz:1",
            "own <- wire/news.jsonl.gz:3",
            "wire/news-3 <- wire/news.jsonl.gz:4",
            "wire/list-1 <- wire/list.json [0]",
            "wire/list-2 <- wire/list.json [1]",
            "top <- top.md",
        ]
    "#]]
    .assert_debug_eq(&rows);
}
