//! Numbers as the page shows them: thousands grouped by commas.

pub use corpus::numbers::{fixed, trimmed};

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

/// A count: 100,000.
pub fn count(n: impl Into<u64>) -> String {
    grouped(&n.into().to_string())
}

/// Kilograms, to the gram: 2,497.075.
pub fn kg(kg: f64) -> String {
    grouped(&corpus::numbers::trimmed(kg, 3))
}

#[cfg(test)]
mod tests {
    use super::*;

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
