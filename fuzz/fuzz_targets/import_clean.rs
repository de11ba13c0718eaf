//! The import cleaner: any text is cleaned without a panic; every kept
//! paragraph, the headline and every removal are verbatim pieces of the
//! input; a detected date is a valid date; and the article file made from the
//! result splits and parses back to the same title.
#![no_main]

use dossier::content::yaml;
use dossier::content::{frontmatter, PartialDate};
use dossier::import::clean::clean;
use dossier::import::{to_markdown, Found, Meta};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let article = clean(raw);
    for paragraph in &article.paragraphs {
        assert!(!paragraph.is_empty());
        assert!(
            raw.contains(paragraph.as_str()),
            "not verbatim: {paragraph:?}"
        );
    }
    if let Some(title) = &article.title {
        assert!(
            raw.contains(title.as_str()),
            "title not verbatim: {title:?}"
        );
    }
    for removal in &article.removed {
        assert!(
            raw.contains(removal.text.as_str()),
            "removal not verbatim: {removal:?}"
        );
    }
    let date = match &article.date {
        Some(found) => PartialDate::parse(found)
            .unwrap_or_else(|e| panic!("detected date {found:?} is invalid: {e}")),
        None => PartialDate::parse("2024-07-31").expect("a valid date"),
    };
    let title = article.title.as_deref().unwrap_or("Untitled");
    let meta = Meta {
        title,
        date: &date,
        outlet: Some(raw.lines().next().unwrap_or("")),
        url: None,
        language: None,
    };
    let file = to_markdown(&meta, &Found::default(), &article.paragraphs);
    let split = frontmatter::split(&file).expect("an imported file has front-matter");
    let fields: serde_yaml::Value = yaml::parse(split.yaml).unwrap_or_else(|e| {
        panic!(
            "imported front-matter does not parse: {}\n{file}",
            e.message
        )
    });
    assert_eq!(fields["title"].as_str(), Some(title));
    assert_eq!(fields["outlet"].as_str(), meta.outlet);
});
