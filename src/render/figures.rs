//! Figures: the timeline, relationship graph and map drawn for the dossier.
//!
//! Adapters from the dossier to the SVG drawing code; filled in when the
//! drawing module lands.

use crate::dossier::Dossier;
use crate::mentions::index::MentionIndex;

pub fn timeline_for(_d: &Dossier) -> String {
    String::new()
}

pub fn whole_graph(_d: &Dossier, _index: &MentionIndex) -> String {
    String::new()
}

pub fn neighbourhood(_d: &Dossier, _index: &MentionIndex, _i: usize) -> String {
    String::new()
}

pub fn map_for(_d: &Dossier, _places: &[usize], _focus: Option<usize>, _id: &str) -> String {
    String::new()
}
