//! dossier: a static-site generator for curated news dossiers.
//!
//! An editor keeps news articles and the people, places, events and
//! organizations they involve as markdown with YAML front-matter; dossier
//! turns them into a static site of cross-linked pages. The data flows one
//! way: [`config`] and [`content`] read files, [`dossier`] checks what spans
//! files, [`mentions`] finds names and gathers backlinks, [`render`] makes
//! HTML and data, [`search`] indexes the pages, [`output`] writes the site
//! safely. [`site`] strings those steps together; [`cmd`] holds one module
//! per command.

pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod dossier;
pub mod import;
pub mod linkcheck;
pub mod mentions;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
