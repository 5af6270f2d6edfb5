//! Bytes to text: BOMs, UTF-16, and a Latin-1 fallback for files that are not UTF-8.

pub(super) struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok(utf8_or_fallback(rest));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(utf16(rest, u16::from_be_bytes));
    }
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if nuls > 0 {
        // UTF-16 without a BOM shows as every other byte NUL in mostly-ASCII text.
        let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let half = head.len() / 2;
        if odd * 10 >= half * 9 && even == 0 {
            return Ok(utf16(bytes, u16::from_le_bytes));
        }
        if even * 10 >= half * 9 && odd == 0 {
            return Ok(utf16(bytes, u16::from_be_bytes));
        }
        return Err("binary file (contains NUL bytes), not text; skipped".to_string());
    }
    Ok(utf8_or_fallback(bytes))
}

fn utf8_or_fallback(bytes: &[u8]) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded { text: s.to_string(), warning: None },
        Err(_) => {
            // A file with no valid multi-byte UTF-8 sequence at all is almost surely Latin-1/Windows-1252.
            if !has_utf8_multibyte(bytes) {
                let text = bytes.iter().map(|&b| windows_1252(b)).collect();
                Decoded { text, warning: Some("not UTF-8; decoded as Windows-1252 (Latin-1)".to_string()) }
            } else {
                let text = String::from_utf8_lossy(bytes).into_owned();
                Decoded { text, warning: Some("invalid UTF-8 sequences replaced with \u{FFFD}".to_string()) }
            }
        }
    }
}

fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let len = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => {
                i += 1;
                continue;
            }
        };
        if i + len <= bytes.len() && std::str::from_utf8(&bytes[i..i + len]).is_ok() {
            return true;
        }
        i += 1;
    }
    false
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> Decoded {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| read([c[0], c[1]])).collect();
    let text: String = char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect();
    let warning = if bytes.len() % 2 == 1 {
        Some("decoded as UTF-16; a trailing odd byte was dropped".to_string())
    } else {
        Some("decoded as UTF-16".to_string())
    };
    Decoded { text, warning }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}
