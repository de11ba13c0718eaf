//! The mention index (SPEC §4): who appears where, who is related to whom,
//! who said and claimed what, and which shared names went unlinked.
//!
//! It runs after the bodies stage ([`crate::body`]) and reads only what the
//! bodies recorded and what front-matter lists; it renders nothing and
//! reads no file.

pub mod ambiguity;
pub mod index;

pub use ambiguity::ambiguity_warnings;
pub use index::*;
