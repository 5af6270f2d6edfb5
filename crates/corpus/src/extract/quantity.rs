//! Quantities of drugs: weights normalised to kilograms (kilograms, kilos, kg, grams, tons, tonnes,
//! pounds, ounces, and compounds like "301 kilograms 475 grams"), pill counts kept as counts, with
//! qualifiers ("more than 622 kg" is a lower bound).

use super::analyse::Analysed;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// Byte range in the body, qualifier included.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kg: Option<f64>,
    pub count: Option<u64>,
    /// `more than`, `about`, `up to`… as written, lower-cased.
    pub qualifier: Option<String>,
    /// Token range of the number and unit (for the event extractor).
    #[serde(skip)]
    pub toks: (usize, usize),
}

enum Unit {
    Kg(f64),
    Count,
}

fn unit(norm: &str) -> Option<Unit> {
    let u = match norm {
        "kilograms" | "kilogram" | "kilogrammes" | "kilogramme" | "kilos" | "kilo" | "kg" | "kgs" => Unit::Kg(1.0),
        "grams" | "gram" | "grammes" | "gramme" | "g" | "gr" => Unit::Kg(0.001),
        "tons" | "tonnes" | "ton" | "tonne" | "t" => Unit::Kg(1000.0),
        "pounds" | "pound" | "lbs" | "lb" => Unit::Kg(0.453_592_37),
        "ounces" | "ounce" | "oz" => Unit::Kg(0.028_349_523),
        "pills" | "pill" | "tablets" | "tablet" | "capsules" | "capsule" | "ampoules" | "doses" => Unit::Count,
        _ => return None,
    };
    Some(u)
}

fn number(norm: &str) -> Option<f64> {
    if let Some(x) = crate::numbers::parse(norm) {
        return Some(x);
    }
    let x = match norm {
        "one" | "a" | "an" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "hundred" => 100.0,
        _ => return None,
    };
    Some(x)
}

fn multiplier(norm: &str) -> Option<f64> {
    match norm {
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        "billion" => Some(1e9),
        _ => None,
    }
}

const QUALIFIERS: &[&[&str]] = &[
    &["just", "over"],
    &["more", "than"],
    &["less", "than"],
    &["at", "least"],
    &["up", "to"],
    &["close", "to"],
    &["an", "estimated"],
    &["over"],
    &["nearly"],
    &["almost"],
    &["about"],
    &["approximately"],
    &["around"],
    &["some"],
    &["roughly"],
    &["approx"],
];

/// Every quantity in the document, in order.
pub(crate) fn quantities(a: &Analysed<'_>) -> Vec<Quantity> {
    let mut out = Vec::new();
    let t = &a.toks;
    let mut i = 0;
    while i < t.len() {
        // "500g", "2kg": number and unit in one token.
        if let Some((value, f)) = glued(&t[i].norm) {
            let (start_tok, qualifier) = match qualifier_before(a, i) {
                Some((qs, q)) => (qs, Some(q)),
                None => (i, None),
            };
            let (start, end) = (t[start_tok].start, t[i].end);
            let text = a.body[start..end].to_string();
            out.push(Quantity { start, end, text, kg: Some(value * f), count: None, qualifier, toks: (i, i + 1) });
            i += 1;
            continue;
        }
        let Some(mut value) = number(&t[i].norm) else {
            i += 1;
            continue;
        };
        // "a" and "an" count only right before a unit ("a ton of opium").
        let wordy = !t[i].norm.as_bytes()[0].is_ascii_digit();
        let mut j = i + 1;
        if j < t.len() && a.toks[j].sent == t[i].sent {
            if let Some(m) = multiplier(&t[j].norm) {
                value *= m;
                j += 1;
            }
        }
        let mut u = t.get(j).filter(|u| u.sent == t[i].sent).and_then(|u| unit(&u.norm));
        if u.is_none() && !wordy {
            // A count may name the drug first: "15,000 captagon pills".
            for k in j + 1..(j + 3).min(t.len()) {
                if t[k].sent != t[i].sent || number(&t[k].norm).is_some() {
                    break;
                }
                if let Some(Unit::Count) = unit(&t[k].norm) {
                    u = Some(Unit::Count);
                    j = k;
                    break;
                }
            }
        }
        let Some(u) = u else {
            i += 1;
            continue;
        };
        // A bare "g" or "t" only right after a digit ("500g", "2 t"), not after a word.
        if wordy && matches!(t[j].norm.as_str(), "g" | "t" | "gr" | "a") {
            i += 1;
            continue;
        }
        let mut end_tok = j + 1;
        let (kg, count) = match u {
            Unit::Kg(f) => {
                let mut kg = value * f;
                // A smaller unit right after: "301 kilograms 475 grams", "1 ton and 200 kilograms".
                let mut k = end_tok;
                if t.get(k).is_some_and(|x| x.norm == "and") {
                    k += 1;
                }
                if let (Some(n), Some(Unit::Kg(f2))) =
                    (t.get(k).and_then(|x| number(&x.norm)), t.get(k + 1).and_then(|x| unit(&x.norm)))
                {
                    if f2 < f && t[k + 1].sent == t[i].sent {
                        kg += n * f2;
                        end_tok = k + 2;
                    }
                }
                (Some(kg), None)
            }
            Unit::Count => (None, Some(value.round() as u64)),
        };
        let (start_tok, qualifier) = match qualifier_before(a, i) {
            Some((qs, q)) => (qs, Some(q)),
            None => (i, None),
        };
        let (start, end) = (t[start_tok].start, t[end_tok - 1].end);
        out.push(Quantity {
            start,
            end,
            text: a.body[start..end].to_string(),
            kg,
            count,
            qualifier,
            toks: (i, end_tok),
        });
        i = end_tok;
    }
    out
}

/// A qualifier just before token `i`: its first token and its words.
fn qualifier_before(a: &Analysed<'_>, i: usize) -> Option<(usize, String)> {
    let t = &a.toks;
    QUALIFIERS.iter().find_map(|q| {
        (i >= q.len()
            && t[i - q.len()..i].iter().zip(q.iter()).all(|(x, w)| x.norm == *w)
            && t[i - q.len()].sent == t[i].sent)
            .then(|| (i - q.len(), q.join(" ")))
    })
}

/// A number with its weight unit glued on: `500g`, `2kg`, `1.5t`.
fn glued(norm: &str) -> Option<(f64, f64)> {
    let split = norm.find(|c: char| c.is_ascii_alphabetic())?;
    let (num, u) = norm.split_at(split);
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    match unit(u)? {
        Unit::Kg(f) => Some((crate::numbers::parse(num)?, f)),
        Unit::Count => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        let a = Analysed::new(text);
        let got: Vec<String> = quantities(&a)
            .iter()
            .map(|q| {
                let v = match (q.kg, q.count) {
                    (Some(kg), _) => format!("{kg:.3}kg"),
                    (_, Some(c)) => format!("{c}x"),
                    _ => "?".into(),
                };
                format!("{}={v}{}", q.text, q.qualifier.as_ref().map(|q| format!(" ({q})")).unwrap_or_default())
            })
            .collect();
        assert_eq!(got.join("; "), expected, "{text:?}");
    }

    #[test]
    fn seed_forms() {
        check("confiscate 1,100 kilograms of heroin", "1,100 kilograms=1100.000kg");
        check("smuggle over 622 kg of heroin", "over 622 kg=622.000kg (over)");
        check("more than 622 kilograms of heroin", "more than 622 kilograms=622.000kg (more than)");
        check("heroin weighing 301 kilograms 475 grams was found", "301 kilograms 475 grams=301.475kg");
        check("heroin weighing 320 kilograms 600 grams.", "320 kilograms 600 grams=320.600kg");
        check("smuggle 11.7 kg of drugs", "11.7 kg=11.700kg");
        check("just over\n\n630 tons of opium", "630 tons=630000.000kg");
        check("approximately 807 tons of different types", "approximately 807 tons=807000.000kg (approximately)");
        check("a 661 kilometer border, the 132-km section, 39 percent", "");
    }

    #[test]
    fn other_phrasing() {
        check("Police seized 1.2 tonnes of opium", "1.2 tonnes=1200.000kg");
        check("some 3.5 tons of hashish", "some 3.5 tons=3500.000kg (some)");
        check("45 kilos of methamphetamine and 500 grams of cocaine", "45 kilos=45.000kg; 500 grams=0.500kg");
        check("2 pounds of heroin", "2 pounds=0.907kg");
        check(
            "15,000 captagon pills and 1.5 million tablets",
            "15,000 captagon pills=15000x; 1.5 million tablets=1500000x",
        );
        check("1.5 million tablets; 15,000 pills", "1.5 million tablets=1500000x; 15,000 pills=15000x");
        check("a ton of opium, two tons of hashish", "a ton=1000.000kg; two tons=2000.000kg");
        check("1 ton and 200 kilograms", "1 ton and 200 kilograms=1200.000kg");
        check("500g of heroin, up to 40 kg", "500g=0.500kg; up to 40 kg=40.000kg (up to)");
    }
}
