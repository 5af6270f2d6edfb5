//! `web/world-110m.bin`, the map's base map, from Natural Earth's 1:110m countries as the npm
//! package `world-atlas` 2.0.2 ships them (`countries-110m.json`, TopoJSON). Natural Earth is in the
//! public domain.
//!
//! TopoJSON stores each stretch of coastline or border once, as an arc, and every shape as a list of
//! arcs. The file keeps the land (the `land` object's rings) and the borders (arcs that two countries
//! share) as lines in hundredths of a degree, in the format of `corpus::world`; the page fills the
//! land and strokes the borders.

use super::fetch;
use super::Output;
use anyhow::{bail, ensure, Context, Result};
use corpus::world::{Point, World, UNITS_PER_DEGREE};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The output, relative to the project's root (Trunk copies it into `dist/`).
pub const OUTPUT: &str = "web/world-110m.bin";

/// The base map, from the unpacked world-atlas package.
pub fn outputs(world_atlas: &Path) -> Result<Vec<Output>> {
    let json = fetch::read(world_atlas, "package/countries-110m.json")?;
    let world = convert(&serde_json::from_str(&json).context("countries-110m.json is not JSON")?)?;
    Ok(vec![Output { path: OUTPUT, bytes: corpus::world::write(&world) }])
}

/// The land and the borders of a world-atlas topology.
pub fn convert(topology: &Value) -> Result<World> {
    let arcs = arcs(topology)?;
    let object = |name: &str| -> Result<Vec<&Value>> {
        let geometries = topology["objects"][name]["geometries"].as_array();
        Ok(geometries.with_context(|| format!("no {name} object"))?.iter().collect())
    };
    let mut land = Vec::new();
    for geometry in object("land")? {
        for polygon in polygons(geometry)? {
            for ring in polygon {
                let points = ring_points(&arcs, ring)?;
                if points.len() >= 3 {
                    land.push(points);
                }
            }
        }
    }
    // An arc used by two different countries is a border; one used by one country is coast.
    let mut users: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (country, geometry) in object("countries")?.into_iter().enumerate() {
        for polygon in polygons(geometry)? {
            for ring in polygon {
                for i in ring {
                    let at = users.entry(arc_index(i)).or_default();
                    if !at.contains(&country) {
                        at.push(country);
                    }
                }
            }
        }
    }
    let borders = users
        .into_iter()
        .filter(|(_, countries)| countries.len() > 1)
        .map(|(i, _)| dedup(arcs[i].clone()))
        .filter(|line| line.len() >= 2)
        .collect();
    Ok(World { land, borders })
}

/// Every arc's points, decoded (TopoJSON quantizes positions and writes each after the first as a
/// difference) and rounded to hundredths of a degree.
fn arcs(topology: &Value) -> Result<Vec<Vec<Point>>> {
    let number = |v: &Value| v.as_f64().context("a number");
    let transform = &topology["transform"];
    let (sx, sy) = (number(&transform["scale"][0])?, number(&transform["scale"][1])?);
    let (tx, ty) = (number(&transform["translate"][0])?, number(&transform["translate"][1])?);
    let list = topology["arcs"].as_array().context("no arcs")?;
    let mut out = Vec::with_capacity(list.len());
    for arc in list {
        let (mut x, mut y) = (0.0, 0.0);
        let mut points = Vec::new();
        for position in arc.as_array().context("an arc is not a list")? {
            x += number(&position[0])?;
            y += number(&position[1])?;
            let unit = |v: f64| (v * UNITS_PER_DEGREE).round() as i32;
            points.push([unit(x * sx + tx), unit(y * sy + ty)]);
        }
        ensure!(points.len() >= 2, "an arc has fewer than two points");
        out.push(points);
    }
    Ok(out)
}

/// A geometry's polygons, each a list of rings, each a list of arc indices.
fn polygons(geometry: &Value) -> Result<Vec<Vec<&[Value]>>> {
    fn rings(polygon: &Value) -> Result<Vec<&[Value]>> {
        let list = polygon.as_array().context("a polygon is not a list")?;
        list.iter().map(|r| r.as_array().map(Vec::as_slice).context("a ring is not a list")).collect()
    }
    match geometry["type"].as_str() {
        Some("Polygon") => Ok(vec![rings(&geometry["arcs"])?]),
        Some("MultiPolygon") => geometry["arcs"].as_array().context("no arcs")?.iter().map(rings).collect(),
        Some("GeometryCollection") => {
            let mut out = Vec::new();
            for g in geometry["geometries"].as_array().context("no geometries")? {
                out.extend(polygons(g)?);
            }
            Ok(out)
        }
        None => Ok(Vec::new()),
        Some(other) => bail!("unexpected geometry {other}"),
    }
}

/// TopoJSON's arc reference: `i`, or `!i` for arc `i` backwards.
fn arc_index(reference: &Value) -> usize {
    let i = reference.as_i64().unwrap_or(0);
    if i < 0 {
        !i as usize
    } else {
        i as usize
    }
}

/// A ring's points: its arcs one after the other, each arc's first point (the previous arc's last)
/// dropped, and the closing point (equal to the first) too.
fn ring_points(arcs: &[Vec<Point>], ring: &[Value]) -> Result<Vec<Point>> {
    let mut out: Vec<Point> = Vec::new();
    for reference in ring {
        let i = arc_index(reference);
        let arc = arcs.get(i).with_context(|| format!("arc {i} does not exist"))?;
        let backwards = reference.as_i64().is_some_and(|r| r < 0);
        let points: Vec<Point> = if backwards { arc.iter().rev().copied().collect() } else { arc.clone() };
        let skip = usize::from(!out.is_empty());
        out.extend(&points[skip..]);
    }
    let mut out = dedup(out);
    if out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    Ok(out)
}

/// Without points equal to the one before (rounding makes some).
fn dedup(mut points: Vec<Point>) -> Vec<Point> {
    points.dedup();
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two countries sharing one border arc (arc 0, from (10, 0) to (10, 10)), on a grid where a
    /// quantized unit is one degree; the land is both together.
    const TOPOLOGY: &str = r#"{
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [
            [[10, 0], [0, 10]],
            [[10, 10], [-10, 0], [0, -10], [10, 0]],
            [[10, 0], [10, 0], [0, 10], [-10, 0]],
            [[10, 10], [10, 0], [0, -10], [-10, 0], [-10, 0], [0, 10], [10, 0]]
        ],
        "objects": {
            "countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "West"}},
                {"type": "MultiPolygon", "arcs": [[[2, -1]]], "properties": {"name": "East"}}
            ]},
            "land": {"type": "GeometryCollection", "geometries": [
                {"type": "MultiPolygon", "arcs": [[[3]]]}
            ]}
        }
    }"#;

    #[test]
    fn land_rings_are_stitched_and_shared_arcs_become_borders() {
        let world = convert(&serde_json::from_str(TOPOLOGY).unwrap()).unwrap();
        let deg = |x: i32, y: i32| [x * 100, y * 100];
        assert_eq!(world.land, vec![vec![deg(10, 10), deg(20, 10), deg(20, 0), deg(10, 0), deg(0, 0), deg(0, 10)]]);
        assert_eq!(world.borders, vec![vec![deg(10, 0), deg(10, 10)]]);
    }

    #[test]
    fn rings_follow_arcs_backwards_and_drop_the_shared_points() {
        let topology: Value = serde_json::from_str(TOPOLOGY).unwrap();
        let arcs = arcs(&topology).unwrap();
        let east = topology["objects"]["countries"]["geometries"][1]["arcs"][0][0].as_array().unwrap().clone();
        let deg = |x: i32, y: i32| [x * 100, y * 100];
        assert_eq!(ring_points(&arcs, &east).unwrap(), vec![deg(10, 0), deg(20, 0), deg(20, 10), deg(10, 10)]);
    }

    #[test]
    fn a_topology_without_land_is_an_error() {
        let err = convert(&serde_json::json!({"transform": {"scale": [1, 1], "translate": [0, 0]}, "arcs": []}));
        assert_eq!(err.unwrap_err().to_string(), "no land object");
    }

    #[test]
    fn the_committed_base_map_reads_and_covers_the_world() {
        let bytes = std::fs::read(crate::project_root().join(OUTPUT)).unwrap();
        let world = corpus::world::read(&bytes).unwrap();
        assert!(world.land.len() > 100 && world.borders.len() > 300, "{} {}", world.land.len(), world.borders.len());
        let lons = world.land.iter().flatten().map(|p| p[0]);
        assert_eq!((lons.clone().min(), lons.max()), (Some(-18000), Some(18000)));
        // The page fetches it when the map is first shown: it stays small.
        assert!(bytes.len() < 40_000, "{} bytes", bytes.len());
    }
}
