//! Text with marked ranges, rendered as text nodes inside `<mark>` and entity spans: never as HTML.

use corpus::extract::EntityKind;
use yew::prelude::*;

/// The classes an entity of this kind is shown with (the reader, the network, their legends).
pub fn entity_class(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "ent ent-person",
        EntityKind::Org => "ent ent-org",
        EntityKind::Place => "ent ent-place",
        EntityKind::Drug => "ent ent-drug",
    }
}

/// A range of text with the classes it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// `mark` for a query match, or an entity class such as `ent ent-place`.
    pub class: &'static str,
    /// Where clicking the span goes (entities filter the view).
    pub href: Option<String>,
    pub title: Option<String>,
}

/// `text` with query matches in `<mark>` and other spans in `<a>`/`<span>`. Ranges are byte ranges on
/// char boundaries; overlapping spans are cut at every boundary so nesting stays valid.
pub fn render(text: &str, spans: &[Span]) -> Html {
    // u32 offsets (texts are far below 4 GB): the same sort as the core's document lists (order::sort_u32).
    let mut cuts: Vec<u32> = vec![0, text.len() as u32];
    for s in spans.iter().filter(|s| {
        s.start < s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
    }) {
        cuts.push(s.start as u32);
        cuts.push(s.end as u32);
    }
    corpus::order::sort_u32(&mut cuts);
    cuts.dedup();
    let mut out: Vec<Html> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0] as usize, w[1] as usize);
        let piece = &text[a..b];
        let mut node = html! { { piece } };
        let mut marked = false;
        for s in spans.iter().filter(|s| s.start <= a && s.end >= b) {
            if s.class == "mark" {
                marked = true;
            } else {
                node = match &s.href {
                    Some(h) => html! { <a class={s.class} href={h.clone()} title={s.title.clone()}>{ node }</a> },
                    None => html! { <span class={s.class} title={s.title.clone()}>{ node }</span> },
                };
            }
        }
        if marked {
            node = html! { <mark>{ node }</mark> };
        }
        out.push(node);
    }
    html! { <>{ for out }</> }
}

/// Query matches only.
pub fn marks(text: &str, ranges: &[(usize, usize)]) -> Html {
    let spans: Vec<Span> =
        ranges.iter().map(|&(start, end)| Span { start, end, class: "mark", href: None, title: None }).collect();
    render(text, &spans)
}
