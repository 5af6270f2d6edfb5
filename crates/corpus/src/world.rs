//! The base map's file: land and country borders as lines of longitude/latitude points, which
//! `cargo xtask codegen` writes from Natural Earth (via the npm package `world-atlas`) and the
//! explorer fetches when its map is first shown. Nothing here draws or projects.
//!
//! Layout: the 8-byte magic `TRAWLWM` + format version; then the land, then the borders, each as a
//! count of lines followed by the lines, each line a count of points followed by the points, each
//! point its longitude and latitude as differences from the point before (from 0 for a line's
//! first), so small numbers. Counts are unsigned LEB128 varints, differences zigzag varints: what
//! postcard writes for these vectors, written and read by hand here because a derived decoder costs
//! the page 2 KB of gzipped wasm and this one a few hundred bytes. Reading checks the magic and
//! version, that the bytes decode to the end, and that every point lies on the globe.

use std::fmt;

/// The first bytes of the file; the last one is the format version.
pub const MAGIC: &[u8; 8] = b"TRAWLWM\x01";

/// Coordinates are whole hundredths of a degree.
pub const UNITS_PER_DEGREE: f64 = 100.0;

/// A point: longitude then latitude, in hundredths of a degree (east and north positive).
pub type Point = [i32; 2];

/// The shapes of the world.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct World {
    /// Closed rings around land (islands and continents; a ring inside another is a lake, such as
    /// the Caspian Sea). The last point is not repeated.
    pub land: Vec<Vec<Point>>,
    /// Open lines along the borders between countries.
    pub borders: Vec<Vec<Point>>,
}

/// Why a file is not a base map.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WorldError {
    /// It does not start with the magic.
    NotAWorldFile,
    /// A format version this build does not read.
    Version { found: u8, supported: u8 },
    /// The bytes do not decode, or a point lies off the globe.
    Damaged(String),
}

impl fmt::Display for WorldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorldError::NotAWorldFile => write!(f, "not a Trawl base map (it does not start with TRAWLWM)"),
            WorldError::Version { found, supported } => {
                write!(f, "base map format version {found} is not supported (this build reads version {supported})")
            }
            WorldError::Damaged(why) => write!(f, "the base map is damaged ({why})"),
        }
    }
}

impl std::error::Error for WorldError {}

/// The file's bytes.
pub fn write(world: &World) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    for lines in [&world.land, &world.borders] {
        varint(&mut out, lines.len() as u64);
        for line in lines {
            varint(&mut out, line.len() as u64);
            let mut previous = [0, 0];
            for p in line {
                for k in 0..2 {
                    let d = i64::from(p[k]) - i64::from(previous[k]);
                    varint(&mut out, ((d << 1) ^ (d >> 63)) as u64);
                }
                previous = *p;
            }
        }
    }
    out
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The world in a file written by [`write`].
pub fn read(bytes: &[u8]) -> Result<World, WorldError> {
    let tag = MAGIC.len() - 1;
    if bytes.len() < MAGIC.len() || bytes[..tag] != MAGIC[..tag] {
        return Err(WorldError::NotAWorldFile);
    }
    if bytes[tag] != MAGIC[tag] {
        return Err(WorldError::Version { found: bytes[tag], supported: MAGIC[tag] });
    }
    let damaged = |why: &str| WorldError::Damaged(why.into());
    let mut rest = &bytes[MAGIC.len()..];
    let mut next = || -> Result<u64, WorldError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, tail) = rest.split_first().ok_or_else(|| damaged("it ends too soon"))?;
            rest = tail;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(damaged("a number is too long"))
    };
    let limit = [180 * UNITS_PER_DEGREE as u64, 90 * UNITS_PER_DEGREE as u64];
    let mut world = World::default();
    for lines in [&mut world.land, &mut world.borders] {
        for _ in 0..next()? {
            let n = next()?;
            // Every point takes two bytes or more, so a count past what is left is damage, not a
            // reason to reserve memory.
            let mut line = Vec::with_capacity(n.min(bytes.len() as u64 / 2) as usize);
            let mut p = [0i64; 2];
            for _ in 0..n {
                for k in 0..2 {
                    let z = next()?;
                    let d = (z >> 1) as i64 ^ -((z & 1) as i64);
                    p[k] = p[k]
                        .checked_add(d)
                        .filter(|v| v.unsigned_abs() <= limit[k])
                        .ok_or_else(|| damaged("a point lies off the globe"))?;
                }
                line.push([p[0] as i32, p[1] as i32]);
            }
            lines.push(line);
        }
    }
    if !rest.is_empty() {
        return Err(damaged("bytes follow the borders"));
    }
    Ok(world)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> World {
        World {
            land: vec![vec![[-18000, -1607], [17990, -1600], [18000, -1607]], vec![[100, 200], [150, 250], [90, 260]]],
            borders: vec![vec![[4500, 4100], [4480, 3990]]],
        }
    }

    #[test]
    fn a_world_reads_back_as_written() {
        let bytes = write(&sample());
        assert!(bytes.starts_with(MAGIC));
        assert_eq!(read(&bytes), Ok(sample()));
        assert_eq!(read(&write(&World::default())), Ok(World::default()));
    }

    #[test]
    fn the_bytes_are_what_postcard_writes_for_the_differences() {
        // The layout is postcard's for two vectors of vectors of pairs of i32 (see the module's
        // documentation), so the file could be read by a derived decoder too.
        type Lines = Vec<Vec<[i32; 2]>>;
        let deltas: (Lines, Lines) = (
            vec![vec![[-18000, -1607], [35990, 7], [10, -7]], vec![[100, 200], [50, 50], [-60, 10]]],
            vec![vec![[4500, 4100], [-20, -110]]],
        );
        assert_eq!(write(&sample())[MAGIC.len()..], postcard::to_allocvec(&deltas).unwrap()[..]);
    }

    #[test]
    fn points_after_the_first_are_written_as_small_differences() {
        let near = World { land: vec![vec![[4000, 3000], [4010, 3005], [4020, 3001]]], borders: vec![] };
        // Magic, 1 ring of 3 points, 2 × 2 bytes for the first point, 2 × 1 byte for each other, 0 borders.
        assert_eq!(write(&near).len(), 8 + 1 + 1 + 4 + 2 + 2 + 1);
    }

    #[test]
    fn bad_files_are_errors() {
        assert_eq!(read(b"hello"), Err(WorldError::NotAWorldFile));
        assert_eq!(read(b"TRAWLPK\x02rest"), Err(WorldError::NotAWorldFile));
        let mut newer = write(&sample());
        newer[7] = MAGIC[7] + 1;
        assert_eq!(read(&newer), Err(WorldError::Version { found: MAGIC[7] + 1, supported: MAGIC[7] }));
        assert_eq!(
            read(&newer).unwrap_err().to_string(),
            "base map format version 2 is not supported (this build reads version 1)"
        );
        let bytes = write(&sample());
        for cut in MAGIC.len()..bytes.len() {
            assert_eq!(read(&bytes[..cut]), Err(WorldError::Damaged("it ends too soon".into())), "cut at {cut}");
        }
        let mut extra = write(&sample());
        extra.push(0);
        assert_eq!(read(&extra), Err(WorldError::Damaged("bytes follow the borders".into())));
        // A point past the pole or the antimeridian, and differences that carry one off the globe.
        let off = World { land: vec![vec![[0, 9001]]], borders: vec![] };
        assert_eq!(read(&write(&off)), Err(WorldError::Damaged("a point lies off the globe".into())));
        let far = World { land: vec![], borders: vec![vec![[18000, 0], [-18000, 0], [-18001, 0]]] };
        assert_eq!(read(&write(&far)), Err(WorldError::Damaged("a point lies off the globe".into())));
        let mut wild = MAGIC.to_vec();
        wild.extend([1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0]);
        assert_eq!(read(&wild), Err(WorldError::Damaged("a point lies off the globe".into())));
        let mut long = MAGIC.to_vec();
        long.extend([1, 1]);
        long.extend([0xff; 11]);
        assert_eq!(read(&long), Err(WorldError::Damaged("a number is too long".into())));
        // A count far past the bytes is damage, found without reserving memory for it.
        let mut huge = MAGIC.to_vec();
        huge.extend([1, 0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(read(&huge), Err(WorldError::Damaged("it ends too soon".into())));
    }
}
