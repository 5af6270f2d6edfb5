//! The map: places mentioned in the matching documents, at their lexicon coordinates, on a plain
//! latitude/longitude grid (offline: no tiles). A click on a place, or on its row in the list beside
//! the map, filters by it.

use corpus::extract::{EntityKind, Form};
use corpus::url_state::ViewState;
use std::rc::Rc;
use yew::prelude::*;

use crate::app::{entity_clause, has_clause, toggle_clause};
use crate::engine::Engine;
use crate::numbers::{self, fixed};
use crate::route;

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

const W: f64 = 800.0;

#[function_component(MapView)]
pub fn map_view(props: &MapProps) -> Html {
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
    if spots.is_empty() {
        return html! { <p class="hint" id="map-hint">{ "No place with known coordinates in the matching documents." }</p> };
    }
    corpus::order::sort_by(&mut spots, |a, b| b.docs.cmp(&a.docs).then_with(|| a.name.cmp(&b.name)));
    // Bounds with a margin; at least 10° each way so a single city is not a blur. They fit the specific
    // places (cities, provinces, checkpoints…) when there are two or more: a country's centre far away
    // would otherwise squash them into a dot. Places outside stay in the list.
    let specific: Vec<&Spot> = spots.iter().filter(|s| s.kind != "country" && s.kind != "region").collect();
    let fit: Vec<&Spot> = if specific.len() >= 2 { specific } else { spots.iter().collect() };
    let (mut lat0, mut lat1, mut lon0, mut lon1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for s in &fit {
        lat0 = lat0.min(s.lat);
        lat1 = lat1.max(s.lat);
        lon0 = lon0.min(s.lon);
        lon1 = lon1.max(s.lon);
    }
    let pad = |lo: f64, hi: f64| {
        let span = (hi - lo).max(10.0);
        let mid = (lo + hi) / 2.0;
        (mid - span * 0.6, mid + span * 0.6)
    };
    let ((lat0, lat1), (lon0, lon1)) = (pad(lat0, lat1), pad(lon0, lon1));
    // Equirectangular, with longitude shrunk by the cosine of the middle latitude.
    let k = crate::numbers::sin_cos(((lat0 + lat1) / 2.0).to_radians()).1.max(0.2);
    let h = W * (lat1 - lat0) / ((lon1 - lon0) * k);
    let x = |lon: f64| (lon - lon0) / (lon1 - lon0) * W;
    let y = |lat: f64| (lat1 - lat) / (lat1 - lat0) * h;
    let max = spots.iter().map(|s| s.docs).max().unwrap_or(1) as f64;
    let inside = |s: &Spot| (lat0..=lat1).contains(&s.lat) && (lon0..=lon1).contains(&s.lon);
    let hidden = spots.iter().filter(|s| !inside(s)).count();
    let state = &props.state;
    let href_for = |name: &str| {
        let clause = entity_clause(EntityKind::Place, name);
        route::href(&ViewState { query: toggle_clause(&state.query, &clause), page: 0, ..state.clone() })
    };
    let grid_step = if lon1 - lon0 > 60.0 { 20.0 } else { 10.0 };
    let first_line = |lo: f64| (lo / grid_step).ceil() * grid_step;
    let meridians: Vec<f64> =
        std::iter::successors(Some(first_line(lon0)), |v| Some(v + grid_step)).take_while(|v| *v <= lon1).collect();
    let parallels: Vec<f64> =
        std::iter::successors(Some(first_line(lat0)), |v| Some(v + grid_step)).take_while(|v| *v <= lat1).collect();
    html! {
        <section class="map" aria-label="Map of places">
            <p class="count" id="map-count">
                { format!("{} place{} with coordinates in the matching documents", spots.len(), numbers::plural(spots.len() as u64)) }
                if hidden > 0 { { format!(" ({hidden} outside this view, in the list)") } }
            </p>
            <div class="map-row">
                <svg viewBox={format!("0 0 {} {}", fixed(W, 0), fixed(h, 0))} role="img" id="map-svg"
                     aria-label={format!("Places, from {}° to {}° north and {}° to {}° east", fixed(lat0, 0), fixed(lat1, 0), fixed(lon0, 0), fixed(lon1, 0))}>
                    { for meridians.iter().map(|lon| html! {
                        <g class="grid"><line x1={fixed(x(*lon), 1)} x2={fixed(x(*lon), 1)} y1="0" y2={fixed(h, 0)} />
                        <text x={fixed(x(*lon) + 2.0, 1)} y={fixed(h - 4.0, 0)}>{ format!("{}°E", fixed(*lon, 0)) }</text></g>
                    }) }
                    { for parallels.iter().map(|lat| html! {
                        <g class="grid"><line y1={fixed(y(*lat), 1)} y2={fixed(y(*lat), 1)} x1="0" x2={fixed(W, 0)} />
                        <text x="2" y={fixed(y(*lat) - 2.0, 1)}>{ format!("{}°N", fixed(*lat, 0)) }</text></g>
                    }) }
                    // Countries and big circles first, so smaller places sit on top and stay clickable.
                    { for drawing_order(&spots).into_iter().filter(|s| inside(s)).map(|s| {
                        let r = 4.0 + 12.0 * (s.docs as f64 / max).sqrt();
                        let active = has_clause(&state.query, &entity_clause(EntityKind::Place, &s.name));
                        let class = classes!("spot", (s.kind == "country").then_some("country"), active.then_some("active"));
                        let href = href_for(&s.name);
                        let onclick = Callback::from(move |_: MouseEvent| route::go_href(&href));
                        html! {
                            <g class={class} data-place={s.name.clone()} onclick={onclick}>
                                <circle cx={fixed(x(s.lon), 1)} cy={fixed(y(s.lat), 1)} r={fixed(r, 1)}>
                                    <title>{ format!("{}: {} document{}", s.name, s.docs, numbers::plural(s.docs as u64)) }</title>
                                </circle>
                                <text x={fixed(x(s.lon) + r + 2.0, 1)} y={fixed(y(s.lat) + 4.0, 1)}>{ &s.name }</text>
                            </g>
                        }
                    }) }
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

fn drawing_order(spots: &[Spot]) -> Vec<&Spot> {
    let mut order: Vec<&Spot> = spots.iter().collect();
    corpus::order::sort_by(&mut order, |a, b| {
        (b.kind == "country").cmp(&(a.kind == "country")).then(b.docs.cmp(&a.docs))
    });
    order
}
