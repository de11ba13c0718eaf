//! The wikilink resolver: any target resolves to something that exists or to
//! an error with a message; what it resolves to resolves back from its own
//! `kind/id`; and a wikilink in a body links where the resolver says, or
//! reports one error per wikilink.
#![no_main]

use dossier::config::AutoLink;
use dossier::dossier::SourceRef;
use dossier::names::WikilinkTarget;
use std::path::Path;

use dossier_fuzz::{dossier_from, render, split_input, RENDERED_AS};
use libfuzzer_sys::fuzz_target;

/// Targets that markdown reads as the whole `[[…]]` destination, unchanged.
fn plain_target(target: &str) -> bool {
    !target.trim().is_empty()
        && target
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '/' | '.'))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (spec, targets) = split_input(text);
    let (dossier, names) = dossier_from(spec);
    for target in targets.lines().take(16) {
        let resolved = names.resolve_wikilink(&dossier, target);
        match &resolved {
            Ok(found) => {
                let again = names.resolve_wikilink(&dossier, &found.canonical(&dossier));
                assert_eq!(
                    again.ok(),
                    Some(found.clone()),
                    "{target:?} resolves back from its ref"
                );
                if let WikilinkTarget::Source(SourceRef::Entity(i)) = found {
                    assert!(*i < dossier.entities.len());
                }
            }
            Err(e) => assert!(!e.message.is_empty()),
        }
        let body = format!("See [[{target}]] and [[{target}|the label]] here.");
        let rendered = render(&dossier, &names, &body, AutoLink::Off);
        if !plain_target(target) {
            continue;
        }
        match resolved {
            // The body is rendered as this article: a page never links to
            // itself, so both wikilinks are plain text.
            Ok(WikilinkTarget::Source(SourceRef::Article(i)))
                if dossier.articles[i].source.file == Path::new(RENDERED_AS) =>
            {
                assert!(rendered.errors.is_empty(), "{:?}", rendered.errors);
                assert!(!rendered.html.contains("href=\""), "{}", rendered.html);
            }
            Ok(found) => {
                assert!(rendered.errors.is_empty(), "{:?}", rendered.errors);
                let href = format!("href=\"{}\"", found.path(&dossier));
                assert_eq!(rendered.html.matches(&href).count(), 2, "{}", rendered.html);
            }
            Err(_) => {
                assert_eq!(rendered.errors.len(), 2, "{}", rendered.html);
                assert!(!rendered.html.contains("href=\""), "{}", rendered.html);
            }
        }
    }
});
