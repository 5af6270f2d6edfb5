//! Files people have that are not text: PDF, Word, spreadsheets, images. Known by their first bytes
//! (or, when those say nothing, their extension) and refused with how to turn them into text, rather
//! than decoded as garbage (a text-only PDF has no NUL byte) or called "binary".

use std::fmt;

/// A kind of file Trawl does not read, and what to do with it instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    Pdf,
    /// Word 2007 and later (`.docx`).
    Docx,
    /// Excel 2007 and later (`.xlsx`).
    Xlsx,
    /// PowerPoint 2007 and later (`.pptx`).
    Pptx,
    /// OpenDocument text (`.odt`).
    Odt,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
    /// Another ZIP archive (EPUB, a folder zipped).
    Zip,
    /// Word, Excel or PowerPoint 97–2003 (`.doc`, `.xls`, `.ppt`): an OLE compound file.
    LegacyOffice,
    Rtf,
    /// An image: a scan has no text until OCR gives it some. The name of its format.
    Image(&'static str),
}

impl Unsupported {
    /// What to do with files of these kinds, where a report counts them by extension (a folder's
    /// skipped files) rather than naming one kind.
    pub const HOW_TO_CONVERT: &'static str =
        "convert them to text first, e.g. `pdftotext file.pdf`, `pandoc -t plain file.docx -o file.txt`";

    /// What a file is by its extension alone (`pdf`, any case), if a kind Trawl refuses (a folder's
    /// files are skipped by name before they are read).
    pub fn by_extension(ext: &str) -> Option<Unsupported> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "pdf" => Unsupported::Pdf,
            "docx" | "docm" => Unsupported::Docx,
            "xlsx" | "xlsm" => Unsupported::Xlsx,
            "pptx" => Unsupported::Pptx,
            "odt" => Unsupported::Odt,
            "ods" => Unsupported::Ods,
            "zip" | "epub" => Unsupported::Zip,
            "doc" | "xls" | "ppt" => Unsupported::LegacyOffice,
            "rtf" => Unsupported::Rtf,
            "png" => Unsupported::Image("PNG"),
            "jpg" | "jpeg" => Unsupported::Image("JPEG"),
            "gif" => Unsupported::Image("GIF"),
            "tif" | "tiff" => Unsupported::Image("TIFF"),
            "webp" => Unsupported::Image("WebP"),
            _ => return None,
        })
    }

    /// What `bytes` (of a file called `name`) are, if a kind Trawl refuses.
    pub fn detect(name: &str, bytes: &[u8]) -> Option<Unsupported> {
        let by_ext = || Unsupported::by_extension(super::extension(name));
        if bytes.starts_with(b"%PDF-") {
            return Some(Unsupported::Pdf);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return Some(zip_kind(bytes).or_else(by_ext).unwrap_or(Unsupported::Zip));
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Some(Unsupported::LegacyOffice);
        }
        if bytes.starts_with(b"{\\rtf") {
            return Some(Unsupported::Rtf);
        }
        let image = match bytes {
            [0x89, b'P', b'N', b'G', ..] => "PNG",
            [0xFF, 0xD8, 0xFF, ..] => "JPEG",
            [b'G', b'I', b'F', b'8', ..] => "GIF",
            [b'I', b'I', 0x2A, 0, ..] | [b'M', b'M', 0, 0x2A, ..] => "TIFF",
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "WebP",
            _ => "",
        };
        if !image.is_empty() {
            return Some(Unsupported::Image(image));
        }
        // Named as one of these but not starting like one: still not text to index (a damaged or
        // renamed file); its bytes would be read as garbage.
        by_ext().filter(|_| !looks_like_text(bytes))
    }
}

/// Which Office or OpenDocument file a ZIP archive is, by the names and types near its start.
fn zip_kind(bytes: &[u8]) -> Option<Unsupported> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if has(b"application/vnd.oasis.opendocument.text") {
        Some(Unsupported::Odt)
    } else if has(b"application/vnd.oasis.opendocument.spreadsheet") {
        Some(Unsupported::Ods)
    } else if has(b"word/") {
        Some(Unsupported::Docx)
    } else if has(b"xl/") {
        Some(Unsupported::Xlsx)
    } else if has(b"ppt/") {
        Some(Unsupported::Pptx)
    } else {
        None
    }
}

/// Whether the start of `bytes` reads as text: no NUL, few control characters.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    control * 100 <= head.len()
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unsupported::Pdf => f.write_str(
                "PDF is not supported: convert it to text first, e.g. `pdftotext file.pdf` (poppler-utils), \
                 and add the .txt; skipped",
            ),
            Unsupported::Docx => f.write_str(
                "Word document (.docx) is not supported: convert it to text first, e.g. \
                 `pandoc -t plain file.docx -o file.txt`, or in Word use Save As → Plain Text (.txt); skipped",
            ),
            Unsupported::Odt => f.write_str(
                "OpenDocument text (.odt) is not supported: convert it to text first, e.g. \
                 `pandoc -t plain file.odt -o file.txt`, or Save As → Text (.txt); skipped",
            ),
            Unsupported::Xlsx | Unsupported::Ods => f.write_str(
                "spreadsheet (.xlsx, .ods) is not supported: save the sheet as CSV (one row per document, \
                 with a `body` or `text` column) and add the .csv; skipped",
            ),
            Unsupported::Pptx => f.write_str(
                "PowerPoint (.pptx) is not supported: convert it to text first, e.g. \
                 `pandoc -t plain file.pptx -o file.txt`; skipped",
            ),
            Unsupported::LegacyOffice => f.write_str(
                "Word/Excel 97–2003 file (.doc, .xls) is not supported: open it and Save As Plain Text (.txt) \
                 or CSV, e.g. `libreoffice --headless --convert-to txt file.doc`; skipped",
            ),
            Unsupported::Rtf => f.write_str(
                "RTF is not supported: convert it to text first, e.g. `pandoc -t plain file.rtf -o file.txt`, \
                 or Save As Plain Text; skipped",
            ),
            Unsupported::Zip => {
                f.write_str("ZIP archive is not supported: unpack it and add the files (or the folder) inside; skipped")
            }
            Unsupported::Image(kind) => write!(
                f,
                "{kind} image has no text to read: run OCR first, e.g. `tesseract scan.png scan` gives \
                 scan.txt; skipped"
            ),
        }
    }
}
