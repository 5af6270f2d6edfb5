//! Lexicons: places (aliases, country, coordinates, demonyms), organisations (acronyms), drugs
//! (synonyms) and person titles, read from tab-separated files. The built-in ones are
//! `seeds/lexicon/*.tsv`, embedded at compile time; users add lines or whole files of their own.

use crate::diagnostic::Diagnostic;
use serde::Serialize;

/// One row of `places.tsv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub aliases: Vec<String>,
    pub demonyms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Org {
    pub name: String,
    pub acronyms: Vec<String>,
    pub country: Option<String>,
    pub kind: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drug {
    pub name: String,
    pub class: String,
    pub synonyms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Title {
    pub phrase: String,
    pub kind: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lexicon {
    pub places: Vec<Place>,
    pub orgs: Vec<Org>,
    pub drugs: Vec<Drug>,
    pub titles: Vec<Title>,
}

const BUILTIN: [(&str, &str); 4] = [
    ("places.tsv", include_str!("../../../../seeds/lexicon/places.tsv")),
    ("organisations.tsv", include_str!("../../../../seeds/lexicon/organisations.tsv")),
    ("drugs.tsv", include_str!("../../../../seeds/lexicon/drugs.tsv")),
    ("titles.tsv", include_str!("../../../../seeds/lexicon/titles.tsv")),
];

impl Lexicon {
    /// The lexicons shipped in `seeds/lexicon`.
    pub fn builtin() -> Lexicon {
        let mut lex = Lexicon::default();
        for (name, text) in BUILTIN {
            let diags = lex.add_file(name, text);
            debug_assert!(diags.is_empty(), "built-in lexicon {name}: {diags:?}");
        }
        lex
    }

    /// Adds the rows of one lexicon file; which table it fills is told by the header line (or the
    /// file name: `places`, `organisations`/`orgs`, `drugs`, `titles`). Bad rows are skipped with a
    /// diagnostic; the rest load.
    pub fn add_file(&mut self, name: &str, text: &str) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let mut rows = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let Some((_, header)) = rows.next() else {
            diags.push(Diagnostic::warning(name, "lexicon file is empty"));
            return diags;
        };
        let cols: Vec<String> = header.split('\t').map(|c| c.trim().to_ascii_lowercase()).collect();
        let has = |c: &str| cols.iter().any(|h| h == c);
        let table = if has("lat") || has("demonyms") {
            "places"
        } else if has("acronyms") {
            "orgs"
        } else if has("synonyms") {
            "drugs"
        } else if has("phrase") {
            "titles"
        } else {
            diags.push(Diagnostic::error(
                name,
                "unknown lexicon header; expected the columns of places.tsv, organisations.tsv, drugs.tsv or titles.tsv",
            ));
            return diags;
        };
        for (line_no, line) in rows {
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let get = |c: &str| {
                cols.iter().position(|h| h == c).and_then(|i| fields.get(i).copied()).filter(|v| !v.is_empty())
            };
            let list = |c: &str| {
                get(c)
                    .map(|v| v.split('|').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
                    .unwrap_or_default()
            };
            let origin = format!("{name}:{}", line_no + 1);
            let Some(first) = get(&cols[0]) else {
                diags.push(Diagnostic::warning(origin, "row has no name; skipped"));
                continue;
            };
            match table {
                "places" => {
                    let num = |c: &str| get(c).and_then(crate::numbers::parse);
                    let (lat, lon) = (num("lat"), num("lon"));
                    if get("lat").is_some()
                        && (lat.is_none_or(|x| x.abs() > 90.0) || lon.is_none_or(|x| x.abs() > 180.0))
                    {
                        diags.push(Diagnostic::warning(
                            &origin,
                            "coordinates are not a latitude and longitude; place kept without them",
                        ));
                    }
                    let ok = |v: Option<f64>, max: f64| v.filter(|x| x.abs() <= max);
                    self.places.push(Place {
                        name: first.to_string(),
                        kind: get("kind").unwrap_or("place").to_string(),
                        country: get("country").map(str::to_string),
                        lat: ok(lat, 90.0).and(ok(lon, 180.0)).and(lat),
                        lon: ok(lat, 90.0).and(ok(lon, 180.0)).and(lon),
                        aliases: list("aliases"),
                        demonyms: list("demonyms"),
                    });
                }
                "orgs" => self.orgs.push(Org {
                    name: first.to_string(),
                    acronyms: list("acronyms"),
                    country: get("country").map(str::to_string),
                    kind: get("kind").unwrap_or("organisation").to_string(),
                    aliases: list("aliases"),
                }),
                "drugs" => self.drugs.push(Drug {
                    name: first.to_string(),
                    class: get("class").unwrap_or("unspecified").to_string(),
                    synonyms: list("synonyms"),
                }),
                _ => self
                    .titles
                    .push(Title { phrase: first.to_string(), kind: get("kind").unwrap_or("role").to_string() }),
            }
        }
        diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_cleanly() {
        let lex = Lexicon::builtin();
        assert!(lex.places.iter().any(|p| p.name == "Astara" && p.country.as_deref() == Some("Iran")));
        assert!(lex.orgs.iter().any(|o| o.acronyms.contains(&"UNODC".to_string())));
        assert!(lex.drugs.iter().any(|d| d.name == "heroin"));
        assert!(lex.titles.iter().any(|t| t.phrase == "Brigadier General"));
    }

    #[test]
    fn user_files_extend_and_bad_rows_are_reported() {
        let mut lex = Lexicon::default();
        let d = lex.add_file("my-places.tsv", "name\tkind\tcountry\tlat\tlon\taliases\tdemonyms\nNakhchivan\tregion\tAzerbaijan\t39.2\t45.4\tNaxçıvan\t\nBadtown\tcity\tX\t999\tabc\t\t\n\t\t\n");
        assert_eq!(lex.places.len(), 2);
        assert_eq!(lex.places[0].aliases, vec!["Naxçıvan"]);
        assert_eq!(lex.places[1].lat, None);
        let msgs: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            msgs,
            vec!["warning: my-places.tsv:3: coordinates are not a latitude and longitude; place kept without them"]
        );
        let d = lex.add_file("x.tsv", "what\tever\n");
        assert_eq!(d.len(), 1);
    }
}
