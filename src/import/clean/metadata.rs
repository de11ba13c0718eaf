//! What the removed furniture says about the article: the authors of its
//! byline and credits, the outlet of its masthead or dateline, the date it
//! was updated, its tags, and a numeric date that reads two ways. Read off
//! the removals after cleaning, so finding metadata never changes what is
//! kept or removed.

use chrono::NaiveDate;

use super::bylines::{byline_names, credit_sentences, date_line};
use super::dates::ambiguous_readings;
use super::text::{is_domain_like, word_count};
use super::{Removal, RemovalReason};

/// Metadata read off the removals.
#[derive(Debug, Default)]
pub(super) struct Metadata {
    pub(super) authors: Vec<String>,
    pub(super) outlet: Option<String>,
    pub(super) updated: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) ambiguous: Option<(String, NaiveDate, NaiveDate)>,
}

pub(super) fn metadata(removed: &[Removal]) -> Metadata {
    let mut found = Metadata::default();
    let mut dateline_outlet = None;
    let add_authors = |found: &mut Metadata, names: Vec<String>| {
        for name in names {
            if !found.authors.contains(&name) {
                found.authors.push(name);
            }
        }
    };
    for removal in removed {
        let text = removal.text.as_str();
        match removal.reason {
            RemovalReason::Boilerplate("byline") => add_authors(&mut found, byline_names(text)),
            RemovalReason::Boilerplate("reporting credits") => {
                let names = credit_sentences(text).unwrap_or_else(|| byline_names(text));
                add_authors(&mut found, names);
            }
            RemovalReason::Boilerplate("site name") if found.outlet.is_none() => {
                found.outlet = outlet_of_masthead(text);
            }
            RemovalReason::Boilerplate("tag list") => found.tags.extend(tags_of(text)),
            RemovalReason::DateLine => {
                add_authors(&mut found, byline_names(text));
                if dateline_outlet.is_none() {
                    dateline_outlet = outlet_in_dateline(text);
                }
                if let Some(line) = date_line(text).filter(|line| line.updated) {
                    if found.updated.is_none() {
                        found.updated = line.value.map(|v| v.to_string());
                    }
                }
                if found.ambiguous.is_none() {
                    found.ambiguous =
                        ambiguous_readings(text).map(|(a, b)| (text.to_string(), a, b));
                }
            }
            _ => {}
        }
    }
    found.outlet = found.outlet.or(dateline_outlet);
    found
}

/// `Voz media US Voz.us` → `Voz media US`; `CARACAS DAILY NEWS - Your
/// trusted source` → `Caracas Daily News`; `El Nacional` as it is.
fn outlet_of_masthead(text: &str) -> Option<String> {
    let name = [" - ", " | ", " — ", " – ", " · "]
        .iter()
        .find_map(|sep| text.split_once(sep).map(|(name, _)| name))
        .unwrap_or(text);
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !is_domain_like(w))
        .collect();
    let name = words.join(" ");
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let shouted = letters.len() > 4 && letters.iter().all(|c| c.is_uppercase());
    let name = if shouted {
        name.split(' ')
            .map(|w| {
                let mut chars = w.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_string() + &chars.as_str().to_lowercase()
                })
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        name
    };
    (!name.is_empty() && word_count(&name) <= 6).then_some(name)
}

/// `LIMA (Andean Courier) —` → `Andean Courier`; `CARACAS, July 31 (Reuters) -`
/// → `Reuters`.
fn outlet_in_dateline(text: &str) -> Option<String> {
    let open = text.rfind('(')?;
    let close = open + text[open..].find(')')?;
    let inner = text[open + 1..close].trim();
    (!inner.is_empty() && word_count(inner) <= 4 && inner.chars().any(char::is_uppercase))
        .then(|| inner.to_string())
}

/// `Tags: Cuba, Venezuela, Maduro` → the tags, in lower case as tag pages are.
fn tags_of(text: &str) -> Vec<String> {
    let list = text.split_once(':').map_or_else(
        || {
            let mut words = text.splitn(2, ' ');
            words.next();
            words.next().unwrap_or("")
        },
        |(_, rest)| rest,
    );
    list.split([',', ';', '|', '·'])
        .map(|tag| tag.trim().trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|tag| !tag.is_empty() && word_count(tag) <= 4)
        .map(str::to_lowercase)
        .collect()
}
