//! The timeline: documents (by publication date) and events (by event date) per year, as an SVG
//! histogram. Clicking a year filters to it (an event bar by the events' dates, `when:`, anything
//! else by publication dates, `year:`); dragging across years selects a date range. Either way the
//! filter goes into the query, so the view stays a link.

use corpus::query::set_field_clause;
use corpus::state::{apply, Action};
use corpus::url_state::ViewState;
use std::rc::Rc;
use yew::prelude::*;

use crate::engine::Engine;
use crate::numbers::{self, fixed};
use crate::route;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub engine: Rc<Engine>,
    pub matched: Rc<Vec<u32>>,
    pub state: ViewState,
    /// Navigates to a view (the brush's result).
    pub on_select: Callback<ViewState>,
}

const W: f64 = 800.0;
const H: f64 = 90.0;
const AXIS: f64 = 16.0;

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let drag = use_state(|| None::<(usize, usize)>);
    // Whether the press began on an event bar: a click there filters by event date.
    let on_event_bar = use_mut_ref(|| false);
    let svg_ref = use_node_ref();
    let engine = &props.engine;
    // The axis spans the whole corpus, so a filtered view can still be brushed to another range.
    let all_years = engine
        .corpus
        .docs()
        .iter()
        .filter_map(|d| d.date)
        .chain(engine.extraction.events.iter().filter_map(|e| e.date))
        .map(|d| d.year);
    let (Some(first), Some(last)) = (all_years.clone().min(), all_years.max()) else {
        return html! {};
    };
    let years: Vec<i32> = (first..=last).collect();
    // Counts per year of the axis (every date falls on it): plain vectors, no map code in the wasm.
    let mut docs = vec![0usize; years.len()];
    for &d in props.matched.iter() {
        if let Some(date) = engine.corpus.docs().get(d as usize).and_then(|doc| doc.date) {
            docs[(date.year - first) as usize] += 1;
        }
    }
    let mut events = vec![0usize; years.len()];
    for e in engine.extraction.events.iter().filter(|e| props.matched.binary_search(&e.doc).is_ok()) {
        if let Some(date) = e.date {
            events[(date.year - first) as usize] += 1;
        }
    }
    let max = docs.iter().chain(&events).copied().max().unwrap_or(1).max(1) as f64;
    let slot = W / years.len() as f64;
    let label_every = (years.len() as f64 / 12.0).ceil().max(1.0) as usize;

    // Pointer → year index.
    let n_years = years.len();
    let index_at = move |svg: &NodeRef, e: &MouseEvent| year_index(svg, e, n_years, slot);
    let select = {
        let (state, on_select, years) = (props.state.clone(), props.on_select.clone(), years.clone());
        let on_event_bar = on_event_bar.clone();
        move |a: usize, b: usize| {
            let (lo, hi) = (years[a.min(b)], years[a.max(b)]);
            let (field, clause) = match (lo == hi, *on_event_bar.borrow()) {
                (true, true) => ("when:", format!("when:{lo}")),
                (true, false) => ("date:", format!("year:{lo}")),
                (false, _) => ("date:", format!("date:{lo}..{hi}")),
            };
            on_select.emit(apply(&state, Action::SetFieldClause { field, clause: Some(clause) }));
        }
    };
    let onmousedown = {
        let (drag, svg) = (drag.clone(), svg_ref.clone());
        Callback::from(move |e: MouseEvent| {
            let target = e.target_dyn_into::<web_sys::Element>();
            *on_event_bar.borrow_mut() = target
                .and_then(|t| t.get_attribute("class"))
                .is_some_and(|c| c.split_whitespace().any(|w| w == "bar-events"));
            if let Some(i) = index_at(&svg, &e) {
                e.prevent_default();
                drag.set(Some((i, i)));
            }
        })
    };
    let onmousemove = {
        let (drag, svg) = (drag.clone(), svg_ref.clone());
        Callback::from(move |e: MouseEvent| {
            if let (Some((a, _)), Some(i)) = (*drag, index_at(&svg, &e)) {
                drag.set(Some((a, i)));
            }
        })
    };
    let onmouseup = {
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((a, b)) = *drag {
                drag.set(None);
                select(a, b);
            }
        })
    };
    let onmouseleave = {
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| drag.set(None))
    };
    let clear_href = route::href(&apply(&props.state, Action::SetFieldClause { field: "date:", clause: None }));
    let has_date_filter = set_field_clause(&props.state.query, "date:", None) != props.state.query.trim();
    let when_href = route::href(&apply(&props.state, Action::SetFieldClause { field: "when:", clause: None }));
    let has_when_filter = set_field_clause(&props.state.query, "when:", None) != props.state.query.trim();
    let bar = |x: f64, w: f64, n: usize, class: &'static str, title: String| {
        let h = (n as f64 / max) * (H - AXIS - 4.0);
        html! {
            <rect class={class} x={fixed(x, 1)} y={fixed(H - AXIS - h, 1)} width={fixed(w, 1)} height={fixed(h, 1)}>
                <title>{ title }</title>
            </rect>
        }
    };
    html! {
        <figure class="timeline" id="timeline">
            <figcaption>
                <span class="key key-docs">{ "documents" }</span><span class="key key-events">{ "events" }</span>
                { " per year — click a year or drag across years to filter" }
                if has_date_filter { <a href={clear_href} class="chip" id="timeline-clear">{ "all dates" }</a> }
                if has_when_filter { <a href={when_href} class="chip" id="timeline-clear-when">{ "all event dates" }</a> }
            </figcaption>
            <svg ref={svg_ref} viewBox={format!("0 0 {} {}", fixed(W, 0), fixed(H, 0))} preserveAspectRatio="none" role="img"
                 aria-label={format!("Documents and events per year, {first} to {last}")}
                 onmousedown={onmousedown} onmousemove={onmousemove} onmouseup={onmouseup} onmouseleave={onmouseleave}>
                if let Some((a, b)) = *drag {
                    <rect class="brush" x={fixed(a.min(b) as f64 * slot, 1)} y="0"
                          width={fixed((a.abs_diff(b) + 1) as f64 * slot, 1)} height={fixed(H - AXIS, 0)} />
                }
                // Only years with a bar or a label get elements: the timeline is on the first screen, and
                // its elements are created in the task that starts the app.
                { for years.iter().enumerate().filter_map(|(i, y)| {
                    let x = i as f64 * slot;
                    let (d, ev) = (docs[i], events[i]);
                    let labelled = i % label_every == 0;
                    (d > 0 || ev > 0 || labelled).then(|| html! {
                        <g class="year" data-year={y.to_string()}>
                            if d > 0 {
                                { bar(x + slot * 0.12, slot * 0.42, d, "bar-docs", format!("{y}: {d} document{}", numbers::plural(d as u64))) }
                            }
                            if ev > 0 {
                                { bar(x + slot * 0.54, slot * 0.34, ev, "bar-events", format!("{y}: {ev} event{}", numbers::plural(ev as u64))) }
                            }
                            if labelled {
                                <text x={fixed(x + slot / 2.0, 1)} y={fixed(H - 3.0, 0)} text-anchor="middle">{ y.to_string() }</text>
                            }
                        </g>
                    })
                }) }
            </svg>
        </figure>
    }
}

/// The year slot under the pointer, measured on the SVG's rendered box. (Yew delegates events to its
/// root, so the event's current target is not the SVG.)
fn year_index(svg: &NodeRef, e: &MouseEvent, n_years: usize, slot: f64) -> Option<usize> {
    let rect = svg.cast::<web_sys::Element>()?.get_bounding_client_rect();
    let x = (e.client_x() as f64 - rect.left()) / rect.width().max(1.0) * W;
    Some(((x / slot).floor().max(0.0) as usize).min(n_years.checked_sub(1)?))
}
