//! Date parsing: any text parses or gives an error, never a panic; a parsed
//! date round-trips through its machine form, and its feed timestamp parses.
#![no_main]

use std::cmp::Ordering;

use dossier::content::date::Precision;
use dossier::content::PartialDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(date) = PartialDate::parse(text) else {
        return;
    };
    let iso = date.iso();
    let again = PartialDate::parse(&iso).unwrap_or_else(|e| panic!("{iso:?} does not parse: {e}"));
    assert_eq!(again, date, "{text:?} round-trips through {iso:?}");
    assert_eq!(again.iso(), iso);
    assert_eq!(date.cmp(&again), Ordering::Equal);
    assert!(!date.display().is_empty());
    let feed = date.rfc3339();
    let timestamp = PartialDate::parse(&feed).unwrap_or_else(|e| panic!("{feed:?}: {e}"));
    assert_eq!(timestamp.precision(), Precision::Time);
    // The year alone sorts no later than the date itself.
    let year = PartialDate::parse(&format!("{:04}", date.year)).expect("the year parses");
    assert!(year <= date);
});
