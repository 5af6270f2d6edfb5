//! Decimal numbers written without the standard float formatter.
//!
//! `format!("{}", x)` for an `f64` pulls in the shortest-round-trip and fixed-precision float printers, about
//! 16 KB of wasm. Everything the explorer and the query language print (coordinates, kilograms, ranges) needs a
//! few decimals at most, which integer arithmetic writes exactly.

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

#[cfg(test)]
mod tests {
    use super::*;

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
