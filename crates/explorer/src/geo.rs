//! The map's geometry, apart from the DOM so it is tested natively: the Natural Earth projection, a
//! view fitted to places (across the antimeridian when that is shorter, the whole world when they
//! span it), and lines of longitude/latitude points as SVG path data for a view, cut where they
//! cross the edge of the projected world.

use corpus::numbers::fixed;
use corpus::world::{Point, UNITS_PER_DEGREE};

/// The Natural Earth projection (Šavrič, Patterson, Jenny, 2011) of a longitude and latitude in
/// degrees: `x` east and `y` north, in radians at the equator. Polynomials only, no trigonometry.
pub fn natural_earth(lon: f64, lat: f64) -> (f64, f64) {
    let (l, p) = (lon.to_radians(), lat.to_radians());
    let p2 = p * p;
    let p4 = p2 * p2;
    let x = l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)));
    let y = p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
    (x, y)
}

/// `lon` as seen from a map centred on the longitude `centre`: within -180..=180.
pub fn relative_lon(lon: f64, centre: f64) -> f64 {
    let d = lon - centre;
    if d > 180.0 {
        d - 360.0
    } else if d < -180.0 {
        d + 360.0
    } else {
        d
    }
}

/// The shortest stretch of longitude holding every one of `lons`: where it starts (going east) and
/// how wide it is, in degrees. It may cross the antimeridian (starts at 170, 20 wide).
pub fn lon_arc(lons: &[f64]) -> Option<(f64, f64)> {
    let mut sorted: Vec<f64> = lons.iter().map(|&l| relative_lon(l, 0.0)).collect();
    corpus::order::sort_by(&mut sorted, f64::total_cmp);
    let (first, last) = (*sorted.first()?, *sorted.last()?);
    // The widest gap between neighbours (the last to the first goes round the back) is what is left out.
    let (mut gap, mut start) = (first + 360.0 - last, first);
    for w in sorted.windows(2) {
        if w[1] - w[0] > gap {
            (gap, start) = (w[1] - w[0], w[1]);
        }
    }
    Some((start, 360.0 - gap))
}

/// How a view is fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// The drawing's width, in drawing units (the height follows from the places).
    pub width: f64,
    /// Room kept free on every side of the outermost places, in drawing units (for circles).
    pub margin: f64,
    /// The narrowest stretch shown, in degrees of longitude at the equator (and of latitude):
    /// a single city shows its region.
    pub min_span: f64,
    /// Extra room around the places, as a share of their extent on each side.
    pub pad: f64,
    /// The height's bounds, as shares of the width.
    pub aspect: (f64, f64),
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions { width: 800.0, margin: 20.0, min_span: 24.0, pad: 0.08, aspect: (0.45, 0.75) }
    }
}

/// What a map shows and where: [`View::xy`] turns a longitude and latitude into drawing units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// The longitude at the middle of the map; the world's edge is opposite it.
    pub centre_lon: f64,
    /// The projected point drawn at the middle of the drawing.
    pub mid: (f64, f64),
    /// Drawing units per projected unit.
    pub scale: f64,
    pub width: f64,
    pub height: f64,
    /// Whether the whole world is shown.
    pub world: bool,
}

impl View {
    /// Where a longitude and latitude (degrees) are drawn, `y` down.
    pub fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        self.xy_relative(relative_lon(lon, self.centre_lon), lat)
    }

    /// Where a longitude relative to the centre (-180 is the world's left edge) and a latitude are drawn.
    fn xy_relative(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = natural_earth(lon, lat);
        (self.width / 2.0 + (x - self.mid.0) * self.scale, self.height / 2.0 - (y - self.mid.1) * self.scale)
    }

    /// The longitude shown across the drawing, in degrees at the equator.
    pub fn lon_span(&self) -> f64 {
        (self.width / self.scale / natural_earth(1.0, 0.0).0).min(360.0)
    }
}

/// The projected world's half width and half height.
fn world_half() -> (f64, f64) {
    (natural_earth(180.0, 0.0).0, natural_earth(0.0, 90.0).1)
}

/// The view that shows every place, `(lon, lat)` in degrees: their bounding box in the projection
/// with some room, centred on the shortest stretch of longitude holding them (across the antimeridian
/// if need be); the whole world, centred on Greenwich, when that stretch is more than half the globe.
/// Never narrower than `min_span`, never more than the world.
pub fn fit(places: &[(f64, f64)], opts: &FitOptions) -> View {
    let (half_w, half_h) = world_half();
    let lons: Vec<f64> = places.iter().map(|p| p.0).collect();
    let (centre_lon, mut x0, mut x1, mut y0, mut y1, world) = match lon_arc(&lons) {
        Some((start, span)) if span <= 180.0 => {
            let centre = relative_lon(start + span / 2.0, 0.0);
            let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
            for &(lon, lat) in places {
                let (x, y) = natural_earth(relative_lon(lon, centre), lat);
                (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
            }
            (centre, x0, x1, y0, y1, false)
        }
        _ => (0.0, -half_w, half_w, -half_h, half_h, true),
    };
    if !world {
        let (min_w, min_h) = (natural_earth(opts.min_span, 0.0).0, natural_earth(0.0, opts.min_span).1);
        let grow = |lo: &mut f64, hi: &mut f64, least: f64, limit: f64| {
            let extra = ((*hi - *lo) * opts.pad).max((least - (*hi - *lo)) / 2.0);
            *lo = (*lo - extra).max(-limit);
            *hi = (*hi + extra).min(limit);
        };
        grow(&mut x0, &mut x1, min_w, half_w);
        grow(&mut y0, &mut y1, min_h, half_h);
    }
    let (bw, bh) = ((x1 - x0).max(1e-9), (y1 - y0).max(1e-9));
    let inner_w = opts.width - 2.0 * opts.margin;
    let height = inner_w * (bh / bw).clamp(opts.aspect.0, opts.aspect.1) + 2.0 * opts.margin;
    let scale = (inner_w / bw).min((height - 2.0 * opts.margin) / bh);
    View { centre_lon, mid: ((x0 + x1) / 2.0, (y0 + y1) / 2.0), scale, width: opts.width, height, world }
}

/// SVG path data for `lines` of points (hundredths of a degree) in `view`: each line cut where it
/// crosses the world's edge (the meridian opposite the view's centre), and lines wholly outside the
/// drawing left out. With `rings`, every line is a closed ring, and a ring cut by the edge is closed
/// along the edge (or, when it goes round a pole, along the pole), so that it fills the right side.
pub fn path(view: &View, lines: &[Vec<Point>], rings: bool) -> String {
    let mut out = String::new();
    for line in lines {
        for mut piece in pieces(view.centre_lon, line, rings) {
            if rings {
                close_along_edge(&mut piece);
            }
            write_piece(view, &piece, rings, &mut out);
        }
    }
    out
}

/// Path data for the world's outline (the sea), closed.
pub fn outline(view: &View) -> String {
    let mut ring = Vec::new();
    along(&mut ring, -180.0, -90.0, 90.0);
    along(&mut ring, 180.0, 90.0, -90.0);
    let mut out = String::new();
    write_piece(view, &ring, true, &mut out);
    out
}

/// Meridians and parallels every `step` degrees, as lines of points every 2°.
pub fn graticule(step: u32) -> Vec<Vec<Point>> {
    let unit = UNITS_PER_DEGREE as i32;
    let step = step.clamp(1, 90) as i32;
    let mut lines = Vec::new();
    let mut lon = -180;
    while lon < 180 {
        lines.push((-45..=45).map(|j| [lon * unit, 2 * j * unit]).collect());
        lon += step;
    }
    let mut lat = -89 / step * step;
    while lat < 90 {
        lines.push((-90..=90).map(|j| [2 * j * unit, lat * unit]).collect());
        lat += step;
    }
    lines
}

/// A line's points as `(longitude relative to the centre, latitude)`, cut into pieces where it
/// crosses the edge; each cut ends one piece and starts the next on the edge's other side. A ring's
/// last piece joins its first, so each of its pieces starts and ends on the edge.
fn pieces(centre: f64, line: &[Point], ring: bool) -> Vec<Vec<(f64, f64)>> {
    let n = line.len();
    let at = |i: usize| {
        let p = line[i % n];
        (relative_lon(f64::from(p[0]) / UNITS_PER_DEGREE, centre), f64::from(p[1]) / UNITS_PER_DEGREE)
    };
    // The segments: from each point to the next, and for a ring from the last back to the first.
    let segments = if ring { n } else { n.saturating_sub(1) };
    let mut pieces = vec![Vec::new()];
    for i in 0..n {
        let a = at(i);
        let current = pieces.last_mut().expect("never empty");
        current.push(a);
        if i >= segments {
            continue;
        }
        let b = at(i + 1);
        if (b.0 - a.0).abs() <= 180.0 {
            continue;
        }
        // From one side of the edge to the other: where the segment meets the edge, unwrapped.
        let side = if a.0 > 0.0 { 180.0 } else { -180.0 };
        let b_lon = b.0 + 2.0 * side;
        let t = if b_lon == a.0 { 0.0 } else { (side - a.0) / (b_lon - a.0) };
        let lat = a.1 + t * (b.1 - a.1);
        current.push((side, lat));
        pieces.push(vec![(-side, lat)]);
    }
    if ring && pieces.len() > 1 {
        let mut last = pieces.pop().expect("more than one");
        last.append(&mut pieces[0]);
        pieces[0] = last;
    }
    pieces
}

/// Closes a ring's piece that starts and ends on the edge along it: down or up the edge when both
/// ends are on one side, else round the nearer pole (the piece goes all the way round the world).
fn close_along_edge(piece: &mut Vec<(f64, f64)>) {
    let (Some(&first), Some(&last)) = (piece.first(), piece.last()) else { return };
    if first.0.abs() != 180.0 || last.0.abs() != 180.0 {
        return;
    }
    if first.0 == last.0 {
        along(piece, last.0, last.1, first.1);
    } else {
        let pole = if first.1 + last.1 > 0.0 { 90.0 } else { -90.0 };
        along(piece, last.0, last.1, pole);
        along(piece, first.0, pole, first.1);
    }
}

/// Points along the meridian `lon` (relative to the centre) from the latitude `from` (left out) to
/// `to`, at most 5° apart: the projection curves the edge.
fn along(piece: &mut Vec<(f64, f64)>, lon: f64, from: f64, to: f64) {
    let steps = ((to - from).abs() / 5.0).ceil().max(1.0);
    for k in 1..=steps as usize {
        piece.push((lon, from + (to - from) * k as f64 / steps));
    }
}

/// Appends one piece as `Mx y x y …` (and `Z` for a ring), to one decimal, skipping points that
/// round to the one before; nothing when the piece lies wholly outside the drawing.
fn write_piece(view: &View, piece: &[(f64, f64)], ring: bool, out: &mut String) {
    let drawn: Vec<(i64, i64)> = piece
        .iter()
        .map(|&(lon, lat)| {
            let (x, y) = view.xy_relative(lon, lat);
            ((x * 10.0).round() as i64, (y * 10.0).round() as i64)
        })
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = (i64::MAX, i64::MIN, i64::MAX, i64::MIN);
    for &(x, y) in &drawn {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    let (w, h) = ((view.width * 10.0) as i64, (view.height * 10.0) as i64);
    if drawn.len() < 2 || x1 < 0 || y1 < 0 || x0 > w || y0 > h {
        return;
    }
    // After the first point, pairs without a command are lines to them.
    let mut previous = None;
    for &p in &drawn {
        if previous == Some(p) {
            continue;
        }
        out.push(if previous.is_none() { 'M' } else { ' ' });
        out.push_str(&fixed(p.0 as f64 / 10.0, 1));
        out.push(' ');
        out.push_str(&fixed(p.1 as f64 / 10.0, 1));
        previous = Some(p);
    }
    if ring {
        out.push('Z');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn natural_earth_has_its_published_shape() {
        assert_eq!(natural_earth(0.0, 0.0), (0.0, 0.0));
        // The equator is 0.8707 × 2π long; the poles are flat lines at y = ±1.4224, so the world is
        // 1.923 times as wide as it is tall.
        let (edge, _) = natural_earth(180.0, 0.0);
        assert!(close(edge, 0.8707 * std::f64::consts::PI, 1e-12), "{edge}");
        let (pole_x, pole_y) = natural_earth(180.0, 90.0);
        assert!(close(pole_y, 1.42239, 1e-5), "{pole_y}");
        assert!(close(edge / pole_y, 1.923, 1e-3), "{}", edge / pole_y);
        assert!(pole_x > 0.5 * edge && pole_x < 0.6 * edge, "the pole line is just over half the equator: {pole_x}");
        // Symmetric about the equator and the central meridian; y grows with latitude, x with longitude.
        assert_eq!(natural_earth(-40.0, -30.0), (-natural_earth(40.0, 30.0).0, -natural_earth(40.0, 30.0).1));
        for lat in -89..89 {
            assert!(natural_earth(10.0, f64::from(lat) + 1.0).1 > natural_earth(10.0, f64::from(lat)).1);
        }
        assert!(natural_earth(11.0, 60.0).0 > natural_earth(10.0, 60.0).0);
    }

    #[test]
    fn longitudes_are_seen_from_the_centre() {
        assert_eq!(relative_lon(170.0, -170.0), -20.0);
        assert_eq!(relative_lon(-170.0, 170.0), 20.0);
        assert_eq!(relative_lon(180.0, 0.0), 180.0);
        assert_eq!(relative_lon(-180.0, 0.0), -180.0);
        assert_eq!(relative_lon(50.0, 50.0), 0.0);
    }

    #[test]
    fn the_shortest_stretch_of_longitude_may_cross_the_antimeridian() {
        assert_eq!(lon_arc(&[]), None);
        assert_eq!(lon_arc(&[48.87]), Some((48.87, 0.0)));
        assert_eq!(lon_arc(&[178.0, -172.0, 179.0]), Some((178.0, 10.0)));
        // The United States and Iran: across the Atlantic, not round the back.
        let (start, span) = lon_arc(&[53.69, -95.71]).unwrap();
        assert_eq!(start, -95.71);
        assert!(close(span, 149.4, 1e-9), "{span}");
        // With Australia too, more than half the globe.
        assert!(lon_arc(&[53.69, -95.71, 133.78]).unwrap().1 > 180.0);
    }

    /// Every place is drawn inside the drawing, clear of the margin.
    fn all_inside(view: &View, places: &[(f64, f64)], opts: &FitOptions) {
        for &(lon, lat) in places {
            let (x, y) = view.xy(lon, lat);
            let m = opts.margin - 1e-9;
            assert!(
                x >= m && x <= view.width - m && y >= m && y <= view.height - m,
                "({lon}, {lat}) at ({x}, {y}) in {view:?}"
            );
        }
    }

    #[test]
    fn places_on_three_continents_show_the_whole_world() {
        let opts = FitOptions::default();
        let places = [(-95.71, 37.09), (133.78, -25.27), (53.69, 32.43)];
        let view = fit(&places, &opts);
        assert!(view.world && view.centre_lon == 0.0, "{view:?}");
        all_inside(&view, &places, &opts);
        // The whole world, as wide as the drawing allows: 1.923 times as wide as tall.
        assert!(close(view.height, 20.0 * 2.0 + 760.0 / 1.923, 1.0), "{}", view.height);
        assert!(close(view.lon_span(), 360.0, 1e-9));
    }

    #[test]
    fn places_in_one_region_fill_the_drawing() {
        let opts = FitOptions::default();
        // Baku, Astara, Tehran, Moscow.
        let places = [(49.87, 40.41), (48.87, 38.46), (51.39, 35.69), (37.62, 55.76)];
        let view = fit(&places, &opts);
        assert!(!view.world);
        assert!(close(view.centre_lon, (37.62 + 51.39) / 2.0, 1e-9), "{}", view.centre_lon);
        all_inside(&view, &places, &opts);
        // Moscow at the top and Tehran at the bottom are near the edges (8% of room each side).
        let (top, bottom) = (view.xy(37.62, 55.76).1, view.xy(51.39, 35.69).1);
        assert!(top < 0.15 * view.height && bottom > 0.85 * view.height, "{top} {bottom} {}", view.height);
        assert!(view.lon_span() < 60.0, "{}", view.lon_span());
    }

    #[test]
    fn one_place_shows_its_region_in_the_middle() {
        let opts = FitOptions::default();
        let view = fit(&[(2.35, 48.86)], &opts);
        let (x, y) = view.xy(2.35, 48.86);
        assert!(close(x, 400.0, 1e-9) && close(y, view.height / 2.0, 1e-9), "{x} {y}");
        assert!(view.lon_span() >= 24.0 && view.lon_span() < 40.0, "{}", view.lon_span());
    }

    #[test]
    fn places_across_the_antimeridian_are_fitted_round_it() {
        let opts = FitOptions::default();
        // Fiji, Samoa, Tonga.
        let places = [(178.07, -17.71), (-172.1, -13.76), (-175.2, -21.18)];
        let view = fit(&places, &opts);
        assert!(!view.world && close(view.centre_lon, -177.015, 1e-9), "{view:?}");
        all_inside(&view, &places, &opts);
        assert!(view.lon_span() < 40.0, "{}", view.lon_span());
    }

    #[test]
    fn the_view_never_goes_past_the_poles() {
        let opts = FitOptions::default();
        let view = fit(&[(0.0, 89.0), (10.0, 88.0)], &opts);
        let (_, top) = view.xy(0.0, 90.0);
        assert!(top >= -1e-9, "{top}");
    }

    /// The subpaths of path data, as lists of points.
    fn subpaths(d: &str) -> Vec<Vec<(f64, f64)>> {
        d.split('M')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let numbers: Vec<f64> = s.trim_end_matches('Z').split(' ').map(|n| n.parse().unwrap()).collect();
                numbers.chunks(2).map(|c| (c[0], c[1])).collect()
            })
            .collect()
    }

    fn deg(lon: f64, lat: f64) -> Point {
        [(lon * UNITS_PER_DEGREE) as i32, (lat * UNITS_PER_DEGREE) as i32]
    }

    #[test]
    fn a_ring_across_the_edge_is_cut_and_closed_along_it_not_across_the_map() {
        let view = fit(&[(-95.71, 37.09), (133.78, -25.27), (53.69, 32.43)], &FitOptions::default());
        // An island astride the antimeridian, and one far from it.
        let island = [deg(178.0, -16.0), deg(-178.0, -16.0), deg(-178.0, -18.0), deg(178.0, -18.0)];
        let d = path(&view, &[island.to_vec()], true);
        let parts = subpaths(&d);
        assert_eq!(parts.len(), 2, "{d}");
        for part in &parts {
            for w in part.windows(2) {
                assert!((w[1].0 - w[0].0).abs() < 20.0, "a streak across the map: {d}");
            }
        }
        assert_eq!(d.matches('Z').count(), 2);
        let plain = [deg(10.0, 10.0), deg(20.0, 10.0), deg(20.0, 0.0)];
        assert_eq!(
            subpaths(&path(&view, &[plain.to_vec()], true)),
            vec![vec![view.xy(10.0, 10.0), view.xy(20.0, 10.0), view.xy(20.0, 0.0)]
                .into_iter()
                .map(|(x, y)| ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0))
                .collect::<Vec<_>>()]
        );
    }

    #[test]
    fn a_ring_round_a_pole_is_closed_along_the_pole() {
        let view = fit(&[(-95.71, 37.09), (133.78, -25.27), (53.69, 32.43)], &FitOptions::default());
        // Antarctica: round the world at 70°S, crossing the edge once.
        let coast: Vec<Point> = (-18..18).map(|k| deg(f64::from(k) * 10.0 + 5.0, -70.0)).collect();
        let d = path(&view, &[coast], true);
        let parts = subpaths(&d);
        assert_eq!(parts.len(), 1, "{d}");
        let (_, pole_y) = view.xy(0.0, -90.0);
        let lowest = parts[0].iter().map(|p| p.1).fold(f64::MIN, f64::max);
        assert!(close(lowest, pole_y, 0.05), "{lowest} {pole_y}");
    }

    #[test]
    fn lines_cross_the_edge_without_a_streak_and_lines_out_of_view_are_left_out() {
        // A view of the Caspian, centred near 49°E: the world's edge is at 131°W.
        let view = fit(&[(49.87, 40.41), (48.87, 38.46)], &FitOptions::default());
        let across = [deg(-140.0, 60.0), deg(-120.0, 60.0)];
        assert_eq!(path(&view, &[across.to_vec()], false), "", "wholly outside the drawing");
        let near = [deg(45.0, 40.0), deg(50.0, 41.0)];
        assert_eq!(subpaths(&path(&view, &[near.to_vec()], false)).len(), 1);
        let world = fit(&[(-95.71, 37.09), (133.78, -25.27), (53.69, 32.43)], &FitOptions::default());
        let chukotka = [deg(170.0, 66.0), deg(-170.0, 66.0), deg(-170.0, 68.0)];
        let parts = subpaths(&path(&world, &[chukotka.to_vec()], false));
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| p.windows(2).all(|w| (w[1].0 - w[0].0).abs() < 40.0)));
    }

    #[test]
    fn the_graticule_has_meridians_and_parallels() {
        let lines = graticule(30);
        assert_eq!(lines.len(), 12 + 5);
        assert_eq!(lines[0][0], [-18000, -9000]);
        let outline = outline(&fit(&[], &FitOptions::default()));
        assert!(outline.starts_with('M') && outline.ends_with('Z'));
    }
}
