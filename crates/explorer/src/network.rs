//! The co-occurrence network: entities named in the same sentence of the matching documents, laid
//! out by a small force simulation (deterministic: the same view draws the same picture). A click on
//! a node filters by the entity; a click on an edge, or on its row in the table, filters by both.
//! The table lists each pair with the first sentence that names both, as evidence.

use corpus::extract::{EntityKind, Network};
use corpus::url_state::ViewState;
use std::rc::Rc;
use yew::prelude::*;

use corpus::query::{field_clause, has_clause};
use corpus::state::{apply, Action};

use crate::engine::Engine;
use crate::highlight::entity_class;
use crate::numbers;
use crate::route;

#[derive(Properties, PartialEq)]
pub struct NetworkProps {
    pub engine: Rc<Engine>,
    pub matched: Rc<Vec<u32>>,
    pub state: ViewState,
}

const W: f64 = 800.0;
const H: f64 = 520.0;
const MAX_NODES: usize = 30;
const MAX_EDGES: usize = 90;
/// Pairs listed before "more pairs".
const TABLE_ROWS: usize = 15;

#[function_component(NetworkView)]
pub fn network_view(props: &NetworkProps) -> Html {
    let engine = Rc::clone(&props.engine);
    // Keyed on the engine too: the same document numbers in another corpus are other documents.
    let drawn = use_memo((engine, Rc::clone(&props.matched)), |(engine, docs)| {
        let net = engine.extraction.network(docs, MAX_NODES, MAX_EDGES);
        let pos = layout(&net);
        (net, pos)
    });
    let (net, pos) = (&drawn.0, &drawn.1);
    let state = &props.state;
    if net.edges.is_empty() {
        return html! {
            <p class="hint" id="network-hint">{ "No two people, organisations, places or drugs are named in one sentence of the matching documents." }</p>
        };
    }
    let max_w = net.edges.iter().map(|e| e.sentences).max().unwrap_or(1) as f64;
    let max_s = net.nodes.iter().map(|n| n.strength).max().unwrap_or(1) as f64;
    let clause_of = |i: usize| field_clause(net.nodes[i].kind.as_str(), &net.nodes[i].name);
    let toggle_href = |clauses: &[String]| route::href(&apply(state, Action::ToggleClauses(clauses.to_vec())));
    let docs = props.engine.corpus.docs();
    let row = |e: &corpus::extract::Edge| {
        let (doc, start, end) = e.example;
        let d = &docs[doc as usize];
        let sentence = d.body.get(start..end).unwrap_or_default();
        let read = route::href(&apply(state, Action::OpenDoc(d.id.clone())));
        html! {
            <tr>
                <td><a href={toggle_href(&[clause_of(e.a), clause_of(e.b)])}>{ format!("{} — {}", net.nodes[e.a].name, net.nodes[e.b].name) }</a></td>
                <td class="num">{ e.sentences }</td>
                <td class="num">{ e.docs }</td>
                <td class="evidence">{ clip(sentence, 220) }{ " " }<a href={read} class="read">{ format!("({})", d.id) }</a></td>
            </tr>
        }
    };
    html! {
        <section class="network" aria-label="Co-occurrence network">
            <p class="count" id="network-count">
                { format!("{} {}, {} named in one sentence", numbers::count(net.nodes.len() as u64),
                    if net.nodes.len() == 1 { "entity" } else { "entities" }, numbers::counted(net.edges.len() as u64, "pair")) }
                if net.nodes.len() == MAX_NODES { { format!(" (the {MAX_NODES} most connected)") } }
            </p>
            <svg viewBox={format!("0 0 {} {}", f1(W), f1(H))} role="img" id="network-svg"
                 aria-label="Entities as circles, joined when named in one sentence; the table below lists the pairs">
                { for net.edges.iter().map(|e| {
                    let (a, b) = (pos[e.a], pos[e.b]);
                    let href = toggle_href(&[clause_of(e.a), clause_of(e.b)]);
                    let onclick = Callback::from(move |_: MouseEvent| route::go_href(&href));
                    html! {
                        <line class="edge" x1={f1(a.0)} y1={f1(a.1)} x2={f1(b.0)} y2={f1(b.1)}
                              stroke-width={f1(1.0 + 5.0 * e.sentences as f64 / max_w)} onclick={onclick}>
                            <title>{ format!("{} — {}: {} sentence{} in {} document{}", net.nodes[e.a].name, net.nodes[e.b].name,
                                e.sentences, numbers::plural(e.sentences as u64), e.docs, numbers::plural(e.docs as u64)) }</title>
                        </line>
                    }
                }) }
                { for net.nodes.iter().enumerate().map(|(i, n)| {
                    let (x, y) = pos[i];
                    let r = radius(n.strength, max_s);
                    let clause = clause_of(i);
                    let active = has_clause(&state.query, &clause);
                    let href = toggle_href(std::slice::from_ref(&clause));
                    let onclick = Callback::from(move |_: MouseEvent| route::go_href(&href));
                    html! {
                        <g class={classes!("node", entity_class(n.kind), active.then_some("active"))} data-entity={n.name.clone()} onclick={onclick}>
                            <circle cx={f1(x)} cy={f1(y)} r={f1(r)}>
                                <title>{ format!("{}: {} — in {} document{}, {} shared sentence{}", n.kind.as_str(), n.name, n.docs, numbers::plural(n.docs as u64), n.strength, numbers::plural(n.strength as u64)) }</title>
                            </circle>
                        </g>
                    }
                }) }
                // Labels above every circle, and transparent to the pointer, so none hides a circle. Where a
                // label would cover another, it is left out (the tooltip and the table name every entity).
                <g class="labels" aria-hidden="true">
                    { for place_labels(net, pos, max_s).into_iter().map(|(i, x, y, anchor)| html! {
                        <text x={f1(x)} y={f1(y)} text-anchor={anchor}>{ short(&net.nodes[i].name) }</text>
                    }) }
                </g>
            </svg>
            <p class="legend">
                { for EntityKind::ALL.iter().map(|k| html! { <span class={classes!("key", entity_class(*k))}>{ kind_label(*k) }</span> }) }
            </p>
            <table class="pairs" id="network-pairs">
                <thead><tr><th>{ "Pair" }</th><th class="num">{ "Sentences" }</th><th class="num">{ "Docs" }</th><th>{ "First sentence naming both" }</th></tr></thead>
                <tbody>{ for net.edges.iter().take(TABLE_ROWS).map(row) }</tbody>
            </table>
            if net.edges.len() > TABLE_ROWS {
                <details class="more-pairs">
                    <summary>{ format!("{} more pairs", numbers::count((net.edges.len() - TABLE_ROWS) as u64)) }</summary>
                    <table class="pairs"><tbody>{ for net.edges.iter().skip(TABLE_ROWS).map(row) }</tbody></table>
                </details>
            }
        </section>
    }
}

fn f1(v: f64) -> String {
    crate::numbers::fixed(v, 1)
}

fn kind_label(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Org => "organisation",
        EntityKind::Place => "place",
        EntityKind::Drug => "drug",
    }
}

/// Long names are shortened on the drawing (the tooltip and table keep them whole).
fn short(name: &str) -> String {
    clip(name, 28)
}

fn clip(s: &str, max_chars: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
        None => s.to_string(),
    }
}

fn radius(strength: usize, max_strength: f64) -> f64 {
    5.0 + 11.0 * (strength as f64 / max_strength).sqrt()
}

/// Greedy label placement, strongest node first: right of the circle, else left, above or below;
/// a label that would overlap one already placed (or a circle) is dropped.
fn place_labels(net: &Network, pos: &[(f64, f64)], max_s: f64) -> Vec<(usize, f64, f64, &'static str)> {
    type Rect = (f64, f64, f64, f64);
    let overlaps = |a: &Rect, b: &Rect| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
    let circles: Vec<Rect> = net
        .nodes
        .iter()
        .zip(pos)
        .map(|(n, &(x, y))| {
            let r = radius(n.strength, max_s);
            (x - r, y - r, x + r, y + r)
        })
        .collect();
    let mut placed: Vec<Rect> = Vec::new();
    let mut out = Vec::new();
    for (i, n) in net.nodes.iter().enumerate() {
        let (x, y) = pos[i];
        let r = radius(n.strength, max_s);
        let w = short(&n.name).chars().count() as f64 * 6.6;
        let h = 13.0;
        let candidates = [
            (x + r + 3.0, y + 4.0, "start", (x + r + 3.0, y - h / 2.0, x + r + 3.0 + w, y + h / 2.0)),
            (x - r - 3.0, y + 4.0, "end", (x - r - 3.0 - w, y - h / 2.0, x - r - 3.0, y + h / 2.0)),
            (x, y - r - 4.0, "middle", (x - w / 2.0, y - r - 4.0 - h, x + w / 2.0, y - r - 4.0)),
            (x, y + r + 13.0, "middle", (x - w / 2.0, y + r + 2.0, x + w / 2.0, y + r + 2.0 + h)),
        ];
        let free = candidates.into_iter().find(|(_, _, _, rect)| {
            rect.0 >= 0.0
                && rect.2 <= W
                && rect.1 >= 0.0
                && rect.3 <= H
                && !placed.iter().any(|p| overlaps(p, rect))
                && !circles.iter().enumerate().any(|(j, c)| j != i && overlaps(c, rect))
        });
        if let Some((lx, ly, anchor, rect)) = free {
            placed.push(rect);
            out.push((i, lx, ly, anchor));
        }
    }
    out
}

/// Fruchterman–Reingold from positions on a circle, edges pulling by weight; then fitted to the
/// drawing with a margin for labels.
fn layout(net: &Network) -> Vec<(f64, f64)> {
    let n = net.nodes.len();
    if n == 0 {
        return Vec::new();
    }
    let mut p: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            let r = if i == 0 { 0.0 } else { 0.3 + 0.2 * (i % 3) as f64 };
            let (sin, cos) = crate::numbers::sin_cos(a);
            (r * cos, r * sin)
        })
        .collect();
    let k = 1.4 * (1.0 / n as f64).sqrt();
    let max_w = net.edges.iter().map(|e| e.sentences).max().unwrap_or(1) as f64;
    let mut temp = 0.1;
    for _ in 0..300 {
        let mut d = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (p[i].0 - p[j].0, p[i].1 - p[j].1);
                let dist = (dx * dx + dy * dy).sqrt().max(1e-3);
                let f = k * k / dist;
                d[i].0 += dx / dist * f;
                d[i].1 += dy / dist * f;
                d[j].0 -= dx / dist * f;
                d[j].1 -= dy / dist * f;
            }
        }
        for e in &net.edges {
            let (dx, dy) = (p[e.a].0 - p[e.b].0, p[e.a].1 - p[e.b].1);
            let dist = (dx * dx + dy * dy).sqrt().max(1e-3);
            let f = dist * dist / k * (0.5 + 0.5 * e.sentences as f64 / max_w);
            d[e.a].0 -= dx / dist * f;
            d[e.a].1 -= dy / dist * f;
            d[e.b].0 += dx / dist * f;
            d[e.b].1 += dy / dist * f;
        }
        for i in 0..n {
            // A weak pull to the centre keeps unconnected parts from drifting away.
            d[i].0 -= p[i].0 * 0.05;
            d[i].1 -= p[i].1 * 0.05;
            let len = (d[i].0 * d[i].0 + d[i].1 * d[i].1).sqrt().max(1e-9);
            let step = len.min(temp);
            p[i].0 += d[i].0 / len * step;
            p[i].1 += d[i].1 / len * step;
        }
        temp = (temp * 0.98).max(0.002);
    }
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &p {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let (mx, my) = (60.0, 24.0);
    let sx = (W - 2.0 * mx) / (x1 - x0).max(1e-6);
    let sy = (H - 2.0 * my) / (y1 - y0).max(1e-6);
    p.iter().map(|&(x, y)| (mx + (x - x0) * sx, my + (y - y0) * sy)).collect()
}
