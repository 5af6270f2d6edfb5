//! Decimal numbers written and read without the standard float formatter and parser.
//!
//! `format!("{}", x)` for an `f64` pulls in the shortest-round-trip and fixed-precision float printers, about
//! 16 KB of wasm. Everything the explorer and the query language print (coordinates, kilograms, ranges) needs a
//! few decimals at most, which integer arithmetic writes exactly.
//!
//! `str::parse::<f64>` is correct for every input, at the price of a 10 KB table of powers of five and the
//! big-decimal fallback, about 16 KB of wasm. The numbers read here (amounts in text and queries, coordinates
//! in a gazetteer) have a few significant digits, which [`parse`] reads exactly with one multiplication or
//! division.

/// `v` rounded to `decimals` digits after the point (0–6), all of them written: `fixed(12.25, 1)` is "12.3",
/// `fixed(3.0, 1)` is "3.0". Values beyond ±9·10¹⁸ at that scale saturate, and NaN is written as 0.
pub fn fixed(v: f64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals.min(6));
    let scaled = (v * scale as f64).round();
    let n = (scaled as i64).unsigned_abs();
    let sign = if scaled < 0.0 && n != 0 { "-" } else { "" };
    if scale == 1 {
        format!("{sign}{n}")
    } else {
        format!("{sign}{}.{:0width$}", n / scale, n % scale, width = decimals.min(6) as usize)
    }
}

/// `v` to at most `decimals` digits after the point, without trailing zeros: `trimmed(11.70, 3)` is "11.7",
/// `trimmed(630000.0, 3)` is "630000".
pub fn trimmed(v: f64, decimals: u32) -> String {
    let mut s = fixed(v, decimals);
    if s.contains('.') {
        s.truncate(s.trim_end_matches('0').trim_end_matches('.').len());
    }
    if s == "-0" {
        s.remove(0);
    }
    s
}

/// A decimal number: an optional sign, digits with an optional point (`12`, `12.5`, `.5`, `5.`), and an
/// optional exponent (`1.5e3`). No spaces, no separators, no `inf` or `NaN`; `None` when out of range.
///
/// The result equals `str::parse::<f64>` (correctly rounded) when the number has at most 15 significant
/// digits and its decimal exponent is within ±22; past that it is within a few units in the last place.
pub fn parse(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, mut i) = match b.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    // Up to 19 significant digits fit a u64; further digits only move the exponent (or are dropped).
    let (mut mantissa, mut digits, mut exp, mut seen) = (0u64, 0u32, 0i64, false);
    let mut point = false;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                seen = true;
                if mantissa == 0 && c == b'0' {
                    exp -= i64::from(point);
                } else if digits < 19 {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    digits += 1;
                    exp -= i64::from(point);
                } else {
                    exp += i64::from(!point);
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    if i < b.len() {
        if !matches!(b[i], b'e' | b'E') {
            return None;
        }
        let (e_negative, mut j) = match b.get(i + 1) {
            Some(b'-') => (true, i + 2),
            Some(b'+') => (false, i + 2),
            _ => (false, i + 1),
        };
        if j >= b.len() {
            return None;
        }
        let mut e = 0i64;
        while j < b.len() {
            let d = b[j].wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            e = (e * 10 + i64::from(d)).min(100_000);
            j += 1;
        }
        exp += if e_negative { -e } else { e };
    }
    let m = mantissa as f64;
    let x = if mantissa == 0 {
        0.0
    } else if mantissa < 1 << 53 && (-22..=22).contains(&exp) {
        // Both exact, so one correctly rounded operation.
        let p = POW10[exp.unsigned_abs() as usize];
        if exp < 0 {
            m / p
        } else {
            m * p
        }
    } else if exp < -330 {
        0.0
    } else if exp > 310 {
        f64::INFINITY
    } else {
        // In two steps so that neither power overflows or underflows on its own.
        let (a, b) = (exp / 2, exp - exp / 2);
        m * 10f64.powi(a as i32) * 10f64.powi(b as i32)
    };
    let x = if negative { -x } else { x };
    x.is_finite().then_some(x)
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_reads_decimals_like_the_standard_parser() {
        for s in
            ["0", "12", "12.5", ".5", "5.", "-3.25", "+7", "1e3", "1.5E-2", "0.000001", "622", "1000000", "00012.50"]
        {
            assert_eq!(parse(s), s.parse::<f64>().ok(), "{s}");
        }
        for s in ["", "-", ".", "e5", "1e", "1e+", "1.2.3", "1,000", " 1", "1 ", "inf", "NaN", "0x10", "1e5x", "--1"] {
            assert_eq!(parse(s), None, "{s:?}");
        }
        assert_eq!(parse("1e400"), None);
        assert_eq!(parse("1e-400"), Some(0.0));
        assert_eq!(parse("-0"), Some(-0.0));
        // More than 19 digits: the exponent still counts them.
        assert_eq!(parse("123456789012345678901234"), Some(1.2345678901234568e23));
    }

    proptest! {
        #[test]
        fn parse_is_exact_up_to_15_digits(m in 0u64..1_000_000_000_000_000, e in -22i32..=7, neg: bool) {
            let digits = m.to_string();
            let s = match e {
                0 => digits.clone(),
                e if e > 0 => format!("{digits}e{e}"),
                e => {
                    let point = digits.len() as i32 + e;
                    if point > 0 {
                        format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
                    } else {
                        format!("0.{}{digits}", "0".repeat((-point) as usize))
                    }
                }
            };
            let s = if neg { format!("-{s}") } else { s };
            prop_assert_eq!(parse(&s), s.parse::<f64>().ok(), "{}", s);
        }

        #[test]
        fn parse_is_close_for_long_numbers(digits in "[1-9][0-9]{15,30}", e in -200i32..200) {
            let s = format!("{digits}e{e}");
            let (ours, std) = (parse(&s).unwrap(), s.parse::<f64>().unwrap());
            prop_assert!(((ours - std) / std).abs() < 1e-14, "{} {} {}", s, ours, std);
        }
    }

    #[test]
    fn fixed_writes_every_decimal_and_rounds_half_away_from_zero() {
        assert_eq!(fixed(12.25, 1), "12.3");
        assert_eq!(fixed(3.0, 1), "3.0");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-1.26, 1), "-1.3");
        assert_eq!(fixed(799.96, 1), "800.0");
        assert_eq!(fixed(74.0, 0), "74");
        assert_eq!(fixed(0.5, 0), "1");
        assert_eq!(fixed(0.05, 2), "0.05");
        for i in 0..2000 {
            let v = i as f64 * 0.37 - 300.0;
            assert_eq!(fixed(v, 1).parse::<f64>().unwrap(), (v * 10.0).round() / 10.0, "{v}");
        }
    }
}
