//! `/print/`: the whole dossier on one page a reader can print or save as
//! PDF, with every body in place and links that stay on the page.

mod common;

use std::collections::BTreeSet;

use common::{fixture, strip_tags};

#[test]
fn the_print_edition_holds_every_body_with_unique_ids_and_in_page_links() {
    let d = fixture("valid");
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let print = d.page("print/index.html");

    // Every article and entity is a section, its body in place.
    for anchor in [
        "articles-2024-07-31-rio-claro-rally",
        "articles-2024-06-vote-preview",
        "people-ana-nunez",
        "places-rio-claro",
        "events-vote-2024",
        "organizations-civic-front",
    ] {
        assert!(
            print.contains(&format!("id=\"{anchor}\"")),
            "no section {anchor}"
        );
    }
    let text = strip_tags(&print);
    assert!(text.contains("Thousands gathered in Río Claro on Tuesday."));
    assert!(text.contains("marched to the square"));
    assert!(
        !print.contains("dossier:print-body"),
        "a body marker was left in the page"
    );

    // Ids from different bodies (headings, footnotes) never collide.
    let mut seen = BTreeSet::new();
    for id in print.split(" id=\"").skip(1) {
        let id = &id[..id.find('"').unwrap()];
        assert!(seen.insert(id.to_string()), "id {id} appears twice");
    }

    // A mention links to the entity's section on the page, not away.
    assert!(print.contains("href=\"#people-ana-nunez\""), "{print}");
    assert!(!print.contains("href=\"/fixture/people/ana-nunez/\""));
}

#[test]
fn on_the_print_edition_links_with_fragments_and_to_free_pages_still_work() {
    let d = fixture("valid");
    d.write(
        "content/articles/2024-08-05-links.md",
        "---\ntitle: Links\ndate: 2024-08-05\n---\nSee [the about page](/fixture/about/#top), \
         [the rally](/fixture/articles/2024-07-31-rio-claro-rally/#what-happened-next) \
         and [a file](/fixture/files/report.pdf).\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let print = d.page("print/index.html");
    // The free page is not on the print edition: its link keeps its address.
    assert!(print.contains("href=\"/fixture/about/#top\""), "{print}");
    // An article is: the link goes to its section.
    assert!(print.contains("href=\"#articles-2024-07-31-rio-claro-rally\""));
    assert!(print.contains("href=\"/fixture/files/report.pdf\""));
    assert!(!print.contains("#about-"), "a link became a broken anchor");
}
