//! The name matcher: for any names and any text, matches are in order,
//! non-overlapping, on char boundaries, spell the matched name once folded,
//! and carry the name's targets; folding is idempotent and maps any range
//! back to char boundaries of the original.
#![no_main]

use dossier::names::matcher::{fold, MatchTarget, NameMatcher};
use dossier_fuzz::{split_input, MAX_ENTITIES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (spec, text) = split_input(input);
    // Lines name entities; the same target appears every fourth line, so a
    // name given on two lines that are not four apart is ambiguous.
    let names: Vec<(&str, usize)> = spec
        .lines()
        .take(MAX_ENTITIES * 2)
        .enumerate()
        .map(|(i, name)| (name, i % 4))
        .collect();
    let matcher = NameMatcher::new(names);
    let mut previous_end = 0;
    for m in matcher.find_iter(text) {
        assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
        assert!(m.range.start >= previous_end && m.range.start < m.range.end);
        assert_eq!(
            fold(&text[m.range.clone()]).text,
            matcher.folded_name(m.name)
        );
        previous_end = m.range.end;
        if let Some(p) = &m.possessive {
            assert_eq!(p.start, m.range.end);
            assert!(text.is_char_boundary(p.end) && p.end > p.start);
            previous_end = p.end;
        }
        let expected = match matcher.targets(m.name) {
            [one] => MatchTarget::Entity(*one),
            many => MatchTarget::Ambiguous(many.to_vec()),
        };
        assert_eq!(m.target, expected);
    }
    let folded = fold(text);
    assert_eq!(
        fold(&folded.text).text,
        folded.text,
        "folding is idempotent"
    );
    assert_eq!(folded.to_original(0..folded.text.len()).end, text.len());
    let len = folded.text.len();
    for (a, b) in [(0, len / 2), (len / 3, len), (len / 2, len / 2 + 1), (1, 3)] {
        let range = folded.to_original(a..b);
        assert!(range.start <= range.end && range.end <= text.len());
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
    }
});
