//! The import cleaner: any text is cleaned without a panic; every kept
//! paragraph, the headline and every removal are verbatim pieces of the
//! input; a detected date is a valid date; and the article file made from the
//! result splits and parses back to the same title.
#![no_main]

use dossier::content::yaml;
use dossier::content::{frontmatter, PartialDate};
use dossier::import::clean::clean;
use dossier::import::{join_names, to_markdown, Found, Meta};
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
    let updated = article
        .updated
        .as_deref()
        .map(|u| PartialDate::parse(u).unwrap_or_else(|e| panic!("updated {u:?}: {e}")));
    let author = join_names(&article.authors);
    let meta = Meta {
        title,
        date: &date,
        outlet: article
            .outlet
            .as_deref()
            .or(Some(raw.lines().next().unwrap_or(""))),
        url: None,
        language: article.language.as_deref(),
        author: author.as_deref(),
        updated: updated.as_ref(),
        tags: &article.tags,
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
    assert_eq!(fields["author"].as_str(), meta.author);
    for author in &article.authors {
        assert!(
            raw.contains(author.as_str()) || raw.to_uppercase().contains(&author.to_uppercase())
        );
    }
});
