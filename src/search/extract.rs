//! The searchable part of a rendered page: its title, kind, language,
//! year, and its text cut into passages under their headings. This is the
//! one place that says which elements are text, which are word breaks and
//! which are never read; the search page reads the passages the index
//! holds and needs no copy of these rules.

use super::scan::{attribute, class, gap, marked, push_collapsed, Class, Scan, Tag};
use super::{primary_language, Document, PageWords, BODY_MARK, IGNORE_MARK, PASSAGE_BYTES};

/// A piece of a page's text: what an excerpt shows and where it links.
#[derive(Debug, Default)]
struct Passage {
    /// The id of the heading above it, `""` before the first heading or
    /// under one without an id.
    anchor: String,
    /// That heading's text.
    heading: String,
    /// Whether it is the first passage under its heading (whose words are
    /// counted with it).
    first: bool,
    text: String,
}

/// The searchable part of the page `html` at `url`, if it marks one with
/// [`BODY_MARK`]: its words, title, kind, language, year and passages.
///
/// A scan of the tags, not a document tree: it needs only where the
/// marked element and the skipped ones end, which it finds by counting
/// their own tag name, so an unclosed `<p>` or `<li>` inside is no
/// trouble; a skipped element is a word break unless it is inline.
/// Comments, `<!...>` and the contents of scripts and styles are never
/// text; entities are decoded. An HTML rewriter (lol_html) did the
/// same at a fifth of the speed, more than the rest of the index together.
pub fn extract(html: &str, url: &str) -> Option<Document> {
    let started = std::time::Instant::now();
    let mut doc = read(html, url)?;
    doc.cost = started.elapsed();
    Some(doc)
}

/// [`extract`], untimed.
fn read(html: &str, url: &str) -> Option<Document> {
    let mut scan = Scan { html, at: 0 };
    // The page's language, from `<html lang>`, unless something nearer
    // the title says otherwise.
    let mut lang = html_lang(html);
    // Straight to the marked element, if the first mark in the page is
    // an attribute (not, say, a word in the text); else tag by tag.
    if let Some(at) = html.find(BODY_MARK).and_then(|at| html[..at].rfind('<')) {
        let mut probe = Scan { html, at };
        if let Some(Tag::Start { attrs, .. }) = probe.tag() {
            if marked(attrs, BODY_MARK).is_some() {
                scan.at = at;
            }
        }
    }
    // Up to the marked element.
    let (body, kind) = loop {
        scan.text()?;
        let tag = scan.tag()?;
        if let Tag::Start { name, attrs, .. } = tag {
            if let Some(kind) = marked(attrs, BODY_MARK) {
                if let Some(l) = marked(attrs, "lang") {
                    lang = primary_language(l);
                }
                break (
                    name,
                    html_escape::decode_html_entities(kind).trim().to_string(),
                );
            }
        }
    };
    let mut depth = 1usize;
    let mut title = String::new();
    // How deep in the heading being read (the title or a section's), its
    // text and its id.
    let mut heading = 0usize;
    let mut reading_title = false;
    let mut titled = false;
    let mut heading_text = String::new();
    let mut heading_id = String::new();
    let mut year = None;
    let mut passages: Vec<Passage> = Vec::new();
    let mut current = Passage {
        first: true,
        ..Passage::default()
    };
    loop {
        let run = scan.text().unwrap_or(&html[scan.at..]);
        if !run.is_empty() {
            let run = html_escape::decode_html_entities(run);
            if heading > 0 {
                push_collapsed(
                    if reading_title {
                        &mut title
                    } else {
                        &mut heading_text
                    },
                    &run,
                );
            } else {
                push_collapsed(&mut current.text, &run);
            }
        }
        let Some(tag) = scan.tag() else { break };
        let (name, class, start) = match tag {
            Tag::Start { name, attrs, empty } => {
                let class = class(name);
                if class == Class::Raw {
                    scan.skip_raw_text(name);
                    continue;
                }
                if year.is_none() && name.eq_ignore_ascii_case("time") {
                    year = attribute(attrs, "datetime").and_then(year_of);
                }
                if !titled && heading == 0 {
                    if let Some(l) = marked(attrs, "lang") {
                        lang = primary_language(l);
                    }
                }
                if empty || class == Class::Void {
                    gap(&mut current.text, class);
                    continue;
                }
                if class == Class::Skipped || marked(attrs, IGNORE_MARK).is_some() {
                    // Left out, but still a word break if it is a block.
                    gap(&mut current.text, class);
                    scan.skip_element(name);
                    continue;
                }
                if class == Class::Heading {
                    if heading == 0 {
                        reading_title = !titled && name.eq_ignore_ascii_case("h1");
                        titled = true;
                        if !reading_title {
                            heading_text.clear();
                            heading_id = attribute(attrs, "id")
                                .map(|id| html_escape::decode_html_entities(id).into_owned())
                                .unwrap_or_default();
                        }
                    }
                    heading += 1;
                }
                (name, class, true)
            }
            Tag::End { name } => {
                let class = class(name);
                if class == Class::Heading && heading > 0 {
                    heading -= 1;
                    if heading == 0 && !reading_title {
                        // A new section: the passage before ends here.
                        let text = std::mem::take(&mut heading_text);
                        let next = Passage {
                            // A heading without an id links the page's top.
                            anchor: std::mem::take(&mut heading_id),
                            heading: text.trim_end().to_string(),
                            first: true,
                            text: String::new(),
                        };
                        close(&mut passages, std::mem::replace(&mut current, next));
                    }
                    if heading == 0 {
                        reading_title = false;
                    }
                    continue;
                }
                (name, class, false)
            }
            Tag::Other => continue,
        };
        if name.eq_ignore_ascii_case(body) {
            if start {
                depth += 1;
            } else {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
        }
        if heading > 0 {
            gap(
                if reading_title {
                    &mut title
                } else {
                    &mut heading_text
                },
                class,
            );
        } else {
            gap(&mut current.text, class);
            // A long passage ends at a block's end.
            if class != Class::Inline && current.text.len() >= PASSAGE_BYTES {
                let next = Passage {
                    anchor: current.anchor.clone(),
                    heading: current.heading.clone(),
                    first: false,
                    text: String::new(),
                };
                close(&mut passages, std::mem::replace(&mut current, next));
            }
        }
    }
    close(&mut passages, current);
    while title.ends_with(' ') {
        title.pop();
    }
    let words = PageWords::of(
        &title,
        passages
            .iter()
            .map(|p| (p.first.then_some(p.heading.as_str()), p.text.as_str())),
    );
    let rows: Vec<[&str; 3]> = passages
        .iter()
        .map(|p| [p.anchor.as_str(), p.heading.as_str(), p.text.as_str()])
        .collect();
    Some(Document {
        url: url.to_string(),
        words,
        title,
        kind,
        lang,
        year,
        passages: serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into()),
        cost: std::time::Duration::ZERO,
    })
}

/// Adds `passage` to `passages` unless it holds nothing to show: no text,
/// and no heading of its own.
fn close(passages: &mut Vec<Passage>, mut passage: Passage) {
    while passage.text.ends_with(' ') {
        passage.text.pop();
    }
    if !passage.text.is_empty() || (passage.first && !passage.heading.is_empty()) {
        passages.push(passage);
    }
}

/// The year of a `datetime` value such as `2024-07-31`.
fn year_of(datetime: &str) -> Option<u16> {
    let digits = datetime.trim().get(..4)?;
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

/// The language `<html lang>` gives, if the page starts with one.
fn html_lang(html: &str) -> String {
    // The first 512 bytes, cut at a character's start.
    let mut end = html.len().min(512);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let head = &html[..end];
    let Some(at) = head.find("<html") else {
        return String::new();
    };
    let mut scan = Scan { html, at };
    match scan.tag() {
        Some(Tag::Start { attrs, .. }) => attribute(attrs, "lang")
            .map(primary_language)
            .unwrap_or_default(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        super::super::for_each_word(text, |w| out.push(w.to_string()));
        out
    }

    fn passages(doc: &Document) -> Vec<[String; 3]> {
        serde_json::from_str(&doc.passages).unwrap()
    }

    #[test]
    fn words_are_folded_as_the_search_page_folds_a_query() {
        assert_eq!(
            words("González’s “Río” — 2024, ΟΔΟΣ"),
            ["gonzalez", "s", "rio", "2024", "οδος"]
        );
    }

    #[test]
    fn extract_reads_the_marked_body_skips_ignored_parts_and_decodes_entities() {
        let html = r#"<html lang="en-GB"><head><title>T</title><script>var x = 1;</script></head>
<body><nav>Menu words</nav><main data-search-body="Person"><h1>Ana <em>Núñez</em></h1>
<p>Born in R&iacute;o Claro &amp; Lima.</p><p>Second</p><section data-search-ignore><p>Backlink sentence</p></section>
<svg><text>Label</text></svg><ul><li>one</li><li>two</li></ul></main><footer>Foot</footer></body></html>"#;
        let doc = extract(html, "/people/ana-nunez/").unwrap();
        assert_eq!(doc.kind, "Person");
        assert_eq!(doc.title, "Ana Núñez");
        assert_eq!(doc.lang, "en");
        let counts: BTreeMap<&str, (u32, u16)> = doc
            .words
            .iter()
            .map(|(w, c, _)| (w, (c.text, c.title)))
            .collect();
        let mut want: BTreeMap<&str, (u32, u16)> =
            ["born", "in", "rio", "claro", "lima", "second", "one", "two"]
                .into_iter()
                .map(|w| (w, (1, 0)))
                .collect();
        want.insert("ana", (1, 1));
        want.insert("nunez", (1, 1));
        assert_eq!(counts, want);
        assert_eq!(doc.words.length(), (10, 2));
        assert_eq!(doc.url, "/people/ana-nunez/");
        assert_eq!(
            passages(&doc),
            [[
                String::new(),
                String::new(),
                "Born in Río Claro & Lima. Second one two".to_string()
            ]]
        );
    }

    #[test]
    fn headings_start_passages_that_link_their_anchor_and_weigh_their_words() {
        let long = "word ".repeat(80);
        let html = format!(
            "<html lang=\"es\"><main data-search-body=\"Article\"><article lang=\"en\"><h1>T</h1>\
             <p><time datetime=\"2024-07-31\">31 July</time></p><p>Intro.</p>\
             <h2 id=\"the-vote\">The <em>vote</em></h2><p>{long}</p><p>Tally sheets.</p>\
             <h3>No id</h3><p>Last.</p></article></main>"
        );
        let doc = extract(&html, "/a/").unwrap();
        assert_eq!(doc.lang, "en", "the article's own lang");
        assert_eq!(doc.year, Some(2024));
        let p = passages(&doc);
        let anchors: Vec<(&str, &str)> = p.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
        assert_eq!(
            anchors,
            [
                ("", ""),
                ("the-vote", "The vote"),
                ("the-vote", "The vote"),
                ("", "No id")
            ]
        );
        assert_eq!(p[0][2], "31 July Intro.");
        assert_eq!(p[2][2], "Tally sheets.");
        let of = |w: &str| doc.words.iter().find(|(x, ..)| *x == w).unwrap();
        assert_eq!(of("vote").1.heading, 1, "counted once");
        assert_eq!(of("vote").2.ids(), [1]);
        assert_eq!(of("tally").2.ids(), [2]);
        assert_eq!(of("last").2.ids(), [3]);
    }

    #[test]
    fn inline_elements_join_words_and_blocks_part_them() {
        let html = "<main data-search-body=\"Page\"><p>Ma<em>duro</em> and <b>Ma</b>duro</p>\
                    <p>end</p><p>start</p><p>x<br>y</p></main>";
        let doc = extract(html, "/p/").unwrap();
        let counts: BTreeMap<&str, u32> = doc.words.iter().map(|(w, c, _)| (w, c.text)).collect();
        let want = BTreeMap::from([
            ("maduro", 2),
            ("and", 1),
            ("end", 1),
            ("start", 1),
            ("x", 1),
            ("y", 1),
        ]);
        assert_eq!(counts, want);
    }

    #[test]
    fn a_skipped_element_ends_at_its_own_end_tag_and_parts_words() {
        let html = "<div data-search-body=\"Page\"><p>one</p>\
            <div data-search-ignore><div>in <!-- </div> --></div>\
            <script>\"</div>\"</script><p title=\"a>b\">in</p></div>two\
            <section data-search-ignore>in</section>three<svg><text>in</text></svg>four\
            <x-note data-search-ignore><x-note>in</x-note></x-note><p>five</p></div><p>after</p>";
        let doc = extract(html, "/p/").unwrap();
        let mut words: Vec<&str> = doc.words.iter().map(|(w, ..)| w).collect();
        words.sort_unstable();
        assert_eq!(words, ["five", "four", "one", "three", "two"]);
    }

    #[test]
    fn a_page_without_the_mark_is_not_searchable() {
        assert_eq!(
            extract("<main><h1>Timeline</h1></main>", "/timeline/"),
            None
        );
    }
}
