//! The linker: for any entities and any markdown body, linking names adds
//! well-formed mention links and changes nothing else (the visible text and
//! every other byte of the HTML stay as with linking off), and never opens a
//! mention link inside another link.
#![no_main]

use dossier::config::AutoLink;
use dossier_fuzz::{dossier_from, mention_inside_a_link, render, split_input, unlink_mentions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (spec, body) = split_input(text);
    // The checks find mention links by their markup; a body that writes that
    // markup itself could fake one.
    if body.contains("mention") {
        return;
    }
    let (dossier, names) = dossier_from(spec);
    let plain = render(&dossier, &names, body, AutoLink::Off).html;
    for mode in [AutoLink::First, AutoLink::All] {
        let linked = render(&dossier, &names, body, mode).html;
        let unlinked = unlink_mentions(&linked)
            .unwrap_or_else(|e| panic!("malformed mention link ({e}) in\n{linked}"));
        assert_eq!(unlinked, plain, "linking changed more than links");
        if let Some(at) = mention_inside_a_link(&linked) {
            panic!("a mention link inside another link at byte {at}:\n{linked}");
        }
    }
});
