//! The drawings a reader sees: the timeline on `/timeline/`, the graph on
//! `/graph/` and on entity pages, the map on `/places/` and on place pages.
//! Each is inline SVG made at build time, every mark a link to its page.

mod common;

use common::{fixture, TestDossier};

/// The inline `<svg>` of the drawing with class `dv-<kind>` in `html`.
fn drawing<'a>(html: &'a str, kind: &str) -> Option<&'a str> {
    let class = format!("class=\"dv dv-{kind} ");
    let at = html.find(&class)?;
    let start = html[..at].rfind("<svg")?;
    let end = at + html[at..].find("</svg>")? + "</svg>".len();
    Some(&html[start..end])
}

/// The hrefs of the drawing's links, in document order.
fn links(svg: &str) -> Vec<&str> {
    svg.split("<a class=\"dv-link")
        .skip(1)
        .filter_map(|a| {
            let from = a.find("href=\"")? + "href=\"".len();
            Some(&a[from..from + a[from..].find('"')?])
        })
        .collect()
}

fn built(name: &str) -> TestDossier {
    let d = fixture(name);
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "build failed: {}", run.stderr);
    d
}

#[test]
fn the_timeline_draws_every_event_and_article_as_a_link_in_date_order() {
    let d = built("valid");
    let page = d.page("timeline/index.html");
    let svg = drawing(&page, "timeline").expect("/timeline/ has a drawing");
    assert_eq!(
        links(svg),
        [
            // June 2024, known to the month, comes before the days of July.
            "/fixture/articles/2024-06-vote-preview/",
            "/fixture/events/vote-2024/",
            "/fixture/events/rio-claro-rally/",
            "/fixture/articles/2024-07-31-rio-claro-rally/",
        ],
        "one link per event and published article, oldest first; drafts stay out"
    );
    assert!(
        svg.contains("30 July 2024 – August 2024"),
        "an event with an end date shows its span"
    );
    assert!(page.contains("<div class=\"dv-scroll\"><svg"));
}

#[test]
fn the_timeline_breaks_its_axis_over_empty_years() {
    let d = fixture("valid");
    d.write(
        "content/events/founding-2013.md",
        "---\nname: Founding of the Republic's assembly\ndate: 2013-04-19\n---\nIt began.\n",
    );
    assert_eq!(d.build(&[]).code, 0);
    let page = d.page("timeline/index.html");
    let svg = drawing(&page, "timeline").unwrap();
    assert!(
        svg.contains("10 years, 2014–2023"),
        "the gap between 2013 and 2024 is named, not hidden"
    );
    assert_eq!(links(svg)[0], "/fixture/events/founding-2013/");
}

#[test]
fn the_graph_page_links_every_entity_that_shares_an_article() {
    let d = built("valid");
    let page = d.page("graph/index.html");
    let svg = drawing(&page, "graph").expect("/graph/ has a drawing");
    let mut nodes = links(svg);
    nodes.sort_unstable();
    assert_eq!(
        nodes,
        [
            "/fixture/events/rio-claro-rally/",
            "/fixture/events/vote-2024/",
            "/fixture/organizations/civic-front/",
            "/fixture/organizations/electoral-board/",
            "/fixture/people/ana-nunez/",
            "/fixture/places/rio-claro/",
        ],
        "one node per entity named in an article with another; none twice"
    );
    assert!(
        svg.contains("dv-edge"),
        "shared articles are drawn as lines"
    );
}

#[test]
fn an_entity_page_draws_its_neighbourhood_around_itself() {
    let d = built("valid");
    let page = d.page("people/ana-nunez/index.html");
    let svg = drawing(&page, "graph").expect("a person with related entities has a graph");
    let nodes = links(svg);
    assert!(
        nodes.contains(&"/fixture/people/ana-nunez/"),
        "the page's own entity is in the middle"
    );
    assert!(svg.contains("dv-node-center"));
    assert!(nodes.len() > 1, "and its related entities around it");
}

#[test]
fn a_place_page_maps_the_place_and_the_places_within_it() {
    let d = built("valid");
    let page = d.page("places/republic/index.html");
    let svg = drawing(&page, "map").expect("a place with coordinates has a map");
    let points = links(svg);
    assert_eq!(
        points[0], "/fixture/places/republic/",
        "its own point first"
    );
    assert!(svg.contains("dv-point-focus"), "and marked as the focus");
    assert!(
        points.contains(&"/fixture/places/rio-claro/"),
        "a city within it is on its map"
    );
    assert!(svg.contains("class=\"dv-country"), "over country outlines");
    let index = d.page("places/index.html");
    let mut all = links(drawing(&index, "map").expect("/places/ has a map"));
    all.sort_unstable();
    assert_eq!(
        all,
        ["/fixture/places/republic/", "/fixture/places/rio-claro/"]
    );
}

#[test]
fn a_dossier_with_one_event_and_no_coordinates_builds_without_drawings_it_cannot_make() {
    let d = fixture("valid");
    for file in [
        "content/articles/2024-06-vote-preview.md",
        "content/articles/2024/2024-07-31-rio-claro-rally.md",
        "content/events/rio-claro-rally.md",
    ] {
        d.remove(file);
    }
    for place in ["republic", "rio-claro"] {
        let rel = format!("content/places/{place}.md");
        let text = std::fs::read_to_string(d.root.join(&rel)).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("coordinates:"))
            .collect();
        d.write(&rel, &(kept.join("\n") + "\n"));
    }
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "build failed: {}", run.stderr);
    let timeline = d.page("timeline/index.html");
    assert_eq!(
        links(drawing(&timeline, "timeline").expect("one event is still drawn")),
        ["/fixture/events/vote-2024/"]
    );
    assert!(drawing(&d.page("places/index.html"), "map").is_none());
    assert!(drawing(&d.page("places/republic/index.html"), "map").is_none());
    let graph = d.page("graph/index.html");
    assert!(drawing(&graph, "graph").is_none());
    assert!(graph.contains("No two entities share an article yet."));
}
