//! The map: places mentioned in the matching documents, at their coordinates, on Natural Earth's land
//! and borders, in the Natural Earth projection fitted to the places (see `geo`). The base map
//! (`world-110m.bin`, see `corpus::world`) is fetched from the site the first time the map is shown
//! and kept for the session; without it the places are drawn on the graticule alone, with a note.
//! Circles are sized by documents; labels go to the places with most documents first, and a label
//! that would cover another label or another place is left out (the list beside the map names every
//! place). A click on a place, its label, or its row in the list filters by it.

use corpus::extract::{EntityKind, Form};
use corpus::query::{field_clause, has_clause};
use corpus::state::{apply, Action};
use corpus::url_state::ViewState;
use corpus::world::World;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

use crate::engine::Engine;
use crate::geo::{self, FitOptions, View};
use crate::numbers::{self, fixed};
use crate::route;

/// The base map, beside the page (Trunk copies it from web/).
const WORLD_FILE: &str = "world-110m.bin";

thread_local! {
    /// The base map: fetched once, the first time the map is drawn, then kept for the session.
    static BASE: RefCell<Base> = const { RefCell::new(Base::NotAsked) };
    /// The last drawing of the base map, and the view and map it was drawn for.
    static DRAWN: RefCell<Option<(View, bool, Rc<BaseDrawing>)>> = const { RefCell::new(None) };
}

#[derive(Properties, PartialEq)]
pub struct MapProps {
    pub engine: Rc<Engine>,
    pub matched: Rc<Vec<u32>>,
    pub state: ViewState,
}

struct Spot {
    name: String,
    country: Option<String>,
    kind: String,
    lat: f64,
    lon: f64,
    docs: usize,
}

/// The base map's state on this page.
enum Base {
    NotAsked,
    Loading,
    Ready(Rc<World>),
    Failed(String),
}

#[function_component(MapView)]
pub fn map_view(props: &MapProps) -> Html {
    let redraw = use_force_update();
    if BASE.with(|b| matches!(*b.borrow(), Base::NotAsked)) {
        BASE.with(|b| *b.borrow_mut() = Base::Loading);
        yew::platform::spawn_local(async move {
            let read = crate::collection::fetch_bytes(WORLD_FILE, false)
                .await
                .and_then(|bytes| corpus::world::read(&bytes).map_err(|e| e.to_string()));
            BASE.with(|b| *b.borrow_mut() = read.map(Rc::new).map_or_else(Base::Failed, Base::Ready));
            redraw.force_update();
        });
    }
    let mut spots: Vec<Spot> = props
        .engine
        .extraction
        .of_kind(EntityKind::Place)
        .filter_map(|e| {
            let (lat, lon) = (e.lat?, e.lon?);
            let mut docs: Vec<u32> = e
                .mentions
                .iter()
                .filter(|m| m.form != Form::Demonym && props.matched.binary_search(&m.doc).is_ok())
                .map(|m| m.doc)
                .collect();
            docs.dedup();
            (!docs.is_empty()).then(|| Spot {
                name: e.name.clone(),
                country: e.country.clone(),
                kind: e.detail.clone().unwrap_or_default(),
                lat,
                lon,
                docs: docs.len(),
            })
        })
        .collect();
    corpus::order::sort_by(&mut spots, |a, b| b.docs.cmp(&a.docs).then_with(|| a.name.cmp(&b.name)));
    let places: Vec<(f64, f64)> = spots.iter().map(|s| (s.lon, s.lat)).collect();
    let view = geo::fit(&places, &FitOptions::default());
    let (world, failed) = BASE.with(|b| match &*b.borrow() {
        Base::Ready(world) => (Some(Rc::clone(world)), None),
        Base::Failed(why) => (None, Some(why.clone())),
        _ => (None, None),
    });
    if spots.is_empty() {
        return html! { <p class="hint" id="map-hint">{ "No place with known coordinates in the matching documents." }</p> };
    }
    let drawing = DRAWN.with(|d| {
        let mut d = d.borrow_mut();
        match &*d {
            Some((v, w, drawing)) if *v == view && *w == world.is_some() => Rc::clone(drawing),
            _ => {
                let drawing = Rc::new(BaseDrawing::new(&view, world.as_deref()));
                *d = Some((view, world.is_some(), Rc::clone(&drawing)));
                drawing
            }
        }
    });
    let max = spots.iter().map(|s| s.docs).max().unwrap_or(1) as f64;
    let radius = |s: &Spot| 4.0 + 12.0 * (s.docs as f64 / max).sqrt();
    let marks: Vec<Mark> = spots
        .iter()
        .map(|s| {
            let (x, y) = view.xy(s.lon, s.lat);
            Mark { x, y, r: radius(s), width: label_width(&s.name) }
        })
        .collect();
    let labels = place_labels(&marks, view.width, view.height);
    let state = &props.state;
    let href_for = |name: &str| {
        let clause = field_clause(EntityKind::Place.as_str(), name);
        route::href(&apply(state, Action::ToggleClause(clause)))
    };
    let go = |name: &str| {
        let href = href_for(name);
        Callback::from(move |_: MouseEvent| route::go_href(&href))
    };
    html! {
        <section class="map" aria-label="Map of places">
            <p class="count" id="map-count">
                { format!("{} with coordinates in the matching documents", numbers::counted(spots.len() as u64, "place")) }
            </p>
            if let Some(why) = failed {
                <p class="hint" id="map-note">{ format!("The coastlines could not be loaded ({why}); the places are drawn on a plain grid.") }</p>
            }
            <div class="map-row">
                <svg viewBox={format!("0 0 {} {}", fixed(view.width, 0), fixed(view.height, 0))} role="img" id="map-svg"
                     aria-label={extent_label(&places)}>
                    <path class="sea" d={drawing.sea.clone()} />
                    <path class="graticule" d={drawing.graticule.clone()} />
                    if !drawing.land.is_empty() {
                        <path class="land" d={drawing.land.clone()} />
                        <path class="borders" d={drawing.borders.clone()} />
                    }
                    // Countries and big circles first, so smaller places sit on top and stay clickable.
                    { for drawing_order(&spots).into_iter().map(|i| {
                        let s = &spots[i];
                        let active = has_clause(&state.query, &field_clause(EntityKind::Place.as_str(), &s.name));
                        let class = classes!("spot", (s.kind == "country").then_some("country"), active.then_some("active"));
                        html! {
                            <g class={class} data-place={s.name.clone()} onclick={go(&s.name)}>
                                <circle cx={fixed(marks[i].x, 1)} cy={fixed(marks[i].y, 1)} r={fixed(marks[i].r, 1)}>
                                    <title>{ format!("{}: {}", s.name, numbers::counted(s.docs as u64, "document")) }</title>
                                </circle>
                            </g>
                        }
                    }) }
                    <g class="labels">
                        { for labels.iter().map(|l| html! {
                            <text x={fixed(l.x, 1)} y={fixed(l.y, 1)} text-anchor={l.anchor} data-place={spots[l.index].name.clone()}
                                  onclick={go(&spots[l.index].name)}>{ &spots[l.index].name }</text>
                        }) }
                    </g>
                </svg>
                <table class="places" id="map-places">
                    <thead><tr><th>{ "Place" }</th><th>{ "Country" }</th><th>{ "Docs" }</th></tr></thead>
                    <tbody>
                        { for spots.iter().map(|s| html! {
                            <tr>
                                <td><a href={href_for(&s.name)}>{ &s.name }</a></td>
                                <td>{ s.country.clone().unwrap_or_default() }</td>
                                <td class="num">{ s.docs }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The drawing under the places, as SVG path data: it depends only on the view and the base map.
/// Shared strings, so that a render copies none of it.
struct BaseDrawing {
    sea: AttrValue,
    graticule: AttrValue,
    land: AttrValue,
    borders: AttrValue,
}

impl BaseDrawing {
    fn new(view: &View, world: Option<&World>) -> BaseDrawing {
        let span = view.lon_span();
        let step = if span > 120.0 {
            30
        } else if span > 40.0 {
            10
        } else {
            5
        };
        let graticule = geo::graticule(step);
        let (land, borders) = match world {
            Some(w) => (geo::path(view, &w.land, true), geo::path(view, &w.borders, false)),
            None => (String::new(), String::new()),
        };
        BaseDrawing {
            sea: geo::outline(view).into(),
            graticule: geo::path(view, &graticule, false).into(),
            land: land.into(),
            borders: borders.into(),
        }
    }
}

/// What the screen reader hears for the drawing: how many places, over which stretch of the globe
/// (westernmost to easternmost the short way round, so perhaps across the antimeridian).
fn extent_label(places: &[(f64, f64)]) -> String {
    let (mut south, mut north) = (f64::MAX, f64::MIN);
    for p in places {
        (south, north) = (south.min(p.1), north.max(p.1));
    }
    let lons: Vec<f64> = places.iter().map(|p| p.0).collect();
    let (west, span) = geo::lon_arc(&lons).unwrap_or_default();
    let east = geo::relative_lon(west + span, 0.0);
    let mut out = numbers::counted(places.len() as u64, "place");
    let parts = [
        (", from ", south, 'N', 'S'),
        (" to ", north, 'N', 'S'),
        (" and from ", west, 'E', 'W'),
        (" to ", east, 'E', 'W'),
    ];
    for (text, v, positive, negative) in parts {
        let rounded = fixed(v, 0);
        out.push_str(text);
        out.push_str(rounded.trim_start_matches('-'));
        out.push('°');
        out.push(if rounded.starts_with('-') { negative } else { positive });
    }
    out
}

/// Indices of the places, countries and big circles first.
fn drawing_order(spots: &[Spot]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spots.len()).collect();
    corpus::order::sort_by(&mut order, |&a, &b| {
        let (a, b) = (&spots[a], &spots[b]);
        (b.kind == "country").cmp(&(a.kind == "country")).then(b.docs.cmp(&a.docs))
    });
    order
}

/// A place as drawn: its circle's centre and radius, and its label's width.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mark {
    x: f64,
    y: f64,
    r: f64,
    width: f64,
}

/// A label placed: which place, where its baseline starts, and how the text is anchored.
#[derive(Debug, Clone, PartialEq)]
struct Label {
    index: usize,
    x: f64,
    y: f64,
    anchor: &'static str,
}

/// Above and below a label's baseline, in drawing units (11px DejaVu Sans reaches 10.2 above, 2.6 below).
const ASCENT: f64 = 11.0;
const DESCENT: f64 = 3.5;

/// The width of a name in the map's 11px sans-serif, erring wide (per character, from DejaVu Sans,
/// the widest of the usual fallbacks), so that labels thought apart are apart.
fn label_width(name: &str) -> f64 {
    let em: f64 = name
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | '\'' | '’' | ' ' | ':' | ';' | '|' => 0.34,
            'f' | 'r' | 't' | 'I' | 'J' | '(' | ')' | '[' | ']' | '-' | '/' | '\\' | '!' => 0.43,
            'm' | 'W' | '—' => 1.0,
            'w' | 'M' => 0.9,
            c if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '–' || c == '"' => 0.65,
            c if c.is_ascii_uppercase() => 0.8,
            // Other letters (é, ş, 中) and symbols: as wide as any.
            _ => 1.0,
        })
        .sum();
    em * 11.0
}

/// Labels for `marks` (in order of importance): each goes right of its circle, else above or below
/// to the right, on the left (level, above, below), or straight above or below: the first of these
/// that stays inside the drawing, clear of every label placed before it and of every other place's
/// centre. A label with no such spot is left out.
fn place_labels(marks: &[Mark], width: f64, height: f64) -> Vec<Label> {
    type Rect = (f64, f64, f64, f64);
    let gap = 1.0;
    let overlaps = |a: &Rect, b: &Rect| a.0 < b.2 + gap && b.0 < a.2 + gap && a.1 < b.3 + gap && b.1 < a.3 + gap;
    let centres: Vec<Rect> = marks.iter().map(|m| (m.x - 3.0, m.y - 3.0, m.x + 3.0, m.y + 3.0)).collect();
    let mut placed: Vec<Rect> = Vec::new();
    let mut out = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        let (x, y, r) = (m.x, m.y, m.r);
        // Diagonal spots just clear the circle.
        let d = 0.7 * r + 2.0;
        let candidates = [
            (x + r + 3.0, y + 4.0, "start"),
            (x + d, y - d, "start"),
            (x + d, y + d + 9.0, "start"),
            (x - r - 3.0, y + 4.0, "end"),
            (x - d, y - d, "end"),
            (x - d, y + d + 9.0, "end"),
            (x, y - r - 4.0, "middle"),
            (x, y + r + 12.0, "middle"),
        ];
        let free = candidates.into_iter().find_map(|(lx, ly, anchor)| {
            let left = match anchor {
                "start" => lx,
                "end" => lx - m.width,
                _ => lx - m.width / 2.0,
            };
            let rect = (left, ly - ASCENT, left + m.width, ly + DESCENT);
            let free = rect.0 >= 0.0
                && rect.2 <= width
                && rect.1 >= 0.0
                && rect.3 <= height
                && !placed.iter().any(|p| overlaps(p, &rect))
                && !centres.iter().enumerate().any(|(j, c)| j != i && overlaps(c, &rect));
            free.then_some((Label { index: i, x: lx, y: ly, anchor }, rect))
        });
        if let Some((label, rect)) = free {
            placed.push(rect);
            out.push(label);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(x: f64, y: f64, name: &str) -> Mark {
        Mark { x, y, r: 6.0, width: label_width(name) }
    }

    #[test]
    fn labels_go_right_of_their_place_when_there_is_room() {
        let labels = place_labels(&[mark(100.0, 100.0, "Baku"), mark(300.0, 100.0, "Tehran")], 800.0, 400.0);
        assert_eq!(
            labels,
            vec![
                Label { index: 0, x: 109.0, y: 104.0, anchor: "start" },
                Label { index: 1, x: 309.0, y: 104.0, anchor: "start" }
            ]
        );
    }

    #[test]
    fn a_label_that_would_collide_moves_or_is_left_out() {
        // Astara's label on the right would cover Lankaran's centre, and above right too: it goes below
        // right. That covers Lankaran's right, so Lankaran's goes above right.
        let labels = place_labels(&[mark(100.0, 100.0, "Astara"), mark(130.0, 100.0, "Lankaran")], 800.0, 400.0);
        assert_eq!(
            labels,
            vec![
                Label { index: 0, x: 106.2, y: 115.2, anchor: "start" },
                Label { index: 1, x: 136.2, y: 93.8, anchor: "start" }
            ]
        );
        // A place ringed by others 12 units away has no spot that covers none of their centres.
        let mut crowd: Vec<Mark> = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
            .iter()
            .map(|&(i, j)| mark(200.0 + 12.0 * f64::from(i), 200.0 + 12.0 * f64::from(j), "Samur"))
            .collect();
        crowd.push(mark(200.0, 200.0, "Jalilabad"));
        assert!(!place_labels(&crowd, 800.0, 400.0).iter().any(|l| l.index == 8));
    }

    #[test]
    fn placed_labels_never_overlap_each_other_or_other_places() {
        // Places scattered at random (a fixed linear congruential sequence), some in clusters.
        let mut seed = 7u64;
        let mut next = |n: f64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as f64 / f64::from(1u32 << 31) * n
        };
        let names = ["Iran", "Azerbaijan", "West Azarbaijan Province", "Baku", "Moscow", "United States", "Mashhad"];
        let marks: Vec<Mark> = (0..300)
            .map(|k| {
                let (cx, cy) = if k % 3 == 0 { (400.0, 200.0) } else { (next(800.0), next(400.0)) };
                Mark {
                    x: cx + next(60.0) - 30.0,
                    y: cy + next(60.0) - 30.0,
                    r: 4.0 + next(12.0),
                    width: label_width(names[k % 7]),
                }
            })
            .collect();
        let labels = place_labels(&marks, 800.0, 400.0);
        assert!(labels.len() > 30, "{}", labels.len());
        let rect = |l: &Label| {
            let w = marks[l.index].width;
            let left = match l.anchor {
                "start" => l.x,
                "end" => l.x - w,
                _ => l.x - w / 2.0,
            };
            (left, l.y - ASCENT, left + w, l.y + DESCENT)
        };
        for (n, a) in labels.iter().enumerate() {
            let ra = rect(a);
            assert!(ra.0 >= 0.0 && ra.1 >= 0.0 && ra.2 <= 800.0 && ra.3 <= 400.0, "{a:?}");
            for b in &labels[n + 1..] {
                let rb = rect(b);
                assert!(ra.2 <= rb.0 || rb.2 <= ra.0 || ra.3 <= rb.1 || rb.3 <= ra.1, "{a:?} overlaps {b:?}");
            }
            for (j, m) in marks.iter().enumerate().filter(|&(j, _)| j != a.index) {
                let clear = m.x + 3.0 <= ra.0 || ra.2 <= m.x - 3.0 || m.y + 3.0 <= ra.1 || ra.3 <= m.y - 3.0;
                assert!(clear, "{a:?} covers the centre of place {j}");
            }
        }
    }

    #[test]
    fn labels_stay_inside_the_drawing() {
        // At the right edge the label goes left; in the top left corner, right.
        let labels = place_labels(&[mark(790.0, 200.0, "Vladivostok"), mark(10.0, 20.0, "Reykjavik")], 800.0, 400.0);
        let anchors: Vec<&str> = labels.iter().map(|l| l.anchor).collect();
        assert_eq!(anchors, ["end", "start"]);
    }

    #[test]
    fn the_drawing_is_described_by_its_extent() {
        assert_eq!(
            extent_label(&[(-95.71, 37.09), (105.32, 61.52), (53.69, -0.3)]),
            "3 places, from 0°N to 62°N and from 96°W to 105°E"
        );
        // Fiji and Samoa: the short way round, across the antimeridian.
        assert_eq!(
            extent_label(&[(178.07, -17.71), (-172.1, -13.76)]),
            "2 places, from 18°S to 14°S and from 178°E to 172°W"
        );
    }

    #[test]
    #[allow(clippy::approx_constant)] // measured widths, some near 1/π
    fn label_widths_err_wide() {
        // Advances in DejaVu Sans, in ems, as Chromium measures them (getComputedTextLength at 11px).
        let chars =
            "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~ –—’éüÖşİ";
        let ems = [
            0.402, 0.46, 0.838, 0.636, 0.95, 0.78, 0.276, 0.391, 0.391, 0.5, 0.838, 0.318, 0.362, 0.318, 0.338, 0.636,
            0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.338, 0.338, 0.838, 0.838, 0.838, 0.531,
            1.0, 0.685, 0.686, 0.699, 0.771, 0.632, 0.575, 0.776, 0.753, 0.295, 0.295, 0.656, 0.558, 0.864, 0.749,
            0.788, 0.604, 0.788, 0.696, 0.635, 0.612, 0.733, 0.685, 0.99, 0.686, 0.612, 0.686, 0.391, 0.338, 0.391,
            0.838, 0.5, 0.5, 0.614, 0.635, 0.551, 0.635, 0.616, 0.352, 0.635, 0.635, 0.278, 0.278, 0.58, 0.278, 0.974,
            0.635, 0.612, 0.635, 0.635, 0.412, 0.521, 0.393, 0.635, 0.592, 0.818, 0.592, 0.592, 0.526, 0.636, 0.338,
            0.636, 0.838, 0.318, 0.5, 1.0, 0.318, 0.616, 0.635, 0.788, 0.521, 0.295,
        ];
        assert_eq!(chars.chars().count(), ems.len());
        for (c, em) in chars.chars().zip(ems) {
            assert!(label_width(&c.to_string()) >= em * 11.0, "{c:?}");
        }
        for (name, width) in [
            ("Moscow", 43.7),
            ("Iran", 21.5),
            ("West Azarbaijan Province", 139.0),
            ("Sistan–Baluchestan Province", 157.5),
        ] {
            let w = label_width(name);
            assert!(w >= width && w < width * 1.2, "{name}: {w}");
        }
    }
}
