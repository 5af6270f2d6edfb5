//! Numbers as the page shows them: thousands grouped by commas. Also the sine and cosine its drawings need.

pub use corpus::numbers::fixed;

/// `number` (digits, maybe a sign and a decimal part) with its whole part grouped: 2,497.075.
fn grouped(number: &str) -> String {
    let (whole, frac) = number.split_once('.').map_or((number, None), |(w, f)| (w, Some(f)));
    let digits = whole.trim_start_matches('-');
    let mut out = String::from(&whole[..whole.len() - digits.len()]);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// The sine and cosine of `a` (radians), to about 1e-15: enough for drawing, and without the standard
/// library's `sin`/`cos`, whose argument reduction alone is 6 KB of wasm.
pub fn sin_cos(a: f64) -> (f64, f64) {
    let x = a - std::f64::consts::TAU * (a / std::f64::consts::TAU).round();
    let x2 = x * x;
    let (mut sin, mut cos) = (0.0, 0.0);
    let (mut s_term, mut c_term) = (x, 1.0);
    // Taylor series on [-π, π]: the 15th terms are below 1e-16.
    for k in 0..15 {
        sin += s_term;
        cos += c_term;
        let k = f64::from(k);
        s_term *= -x2 / ((2.0 * k + 2.0) * (2.0 * k + 3.0));
        c_term *= -x2 / ((2.0 * k + 1.0) * (2.0 * k + 2.0));
    }
    (sin, cos)
}

/// A count: 100,000.
pub fn count(n: impl Into<u64>) -> String {
    grouped(&n.into().to_string())
}

/// A count with its noun: "1 document", "100,000 documents".
pub fn counted(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    format!("{} {noun}{}", count(n), plural(n))
}

/// The plural ending for `n` things: "" for one, "s" otherwise.
pub fn plural(n: impl Into<u64>) -> &'static str {
    if n.into() == 1 {
        ""
    } else {
        "s"
    }
}

/// Kilograms, to the gram: 2,497.075.
pub fn kg(kg: f64) -> String {
    grouped(&corpus::numbers::trimmed(kg, 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sin_cos_matches_the_standard_library() {
        for i in -2000..=2000 {
            let a = f64::from(i) * 0.0173;
            let (s, c) = sin_cos(a);
            assert!((s - a.sin()).abs() < 1e-14 && (c - a.cos()).abs() < 1e-14, "{a}: {s} {c}");
        }
    }

    #[test]
    fn counted_groups_and_pluralises() {
        assert_eq!(counted(1u32, "document"), "1 document");
        assert_eq!(counted(0u32, "event"), "0 events");
        assert_eq!(counted(100_000u32, "document"), "100,000 documents");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(0u32), "0");
        assert_eq!(count(999u32), "999");
        assert_eq!(count(3005u32), "3,005");
        assert_eq!(count(100_000u32), "100,000");
        assert_eq!(count(1_234_567u64), "1,234,567");
    }

    #[test]
    fn kilograms_are_shown_to_the_gram_with_thousands_grouped() {
        assert_eq!(kg(11.7), "11.7");
        assert_eq!(kg(301.475), "301.475");
        assert_eq!(kg(2497.075), "2,497.075");
        assert_eq!(kg(630_000.0), "630,000");
        assert_eq!(kg(0.0004), "0");
        assert_eq!(kg(1_234_567.891), "1,234,567.891");
        assert_eq!(kg(-2.5), "-2.5");
        assert_eq!(kg(f64::NAN), "0");
    }
}
