//! Finding entity names in text (SPEC §4).
//!
//! [`NameMatcher`] is built once per build from every entity's names,
//! aliases and abbreviations, and finds them in a text in one linear pass: the
//! text is folded once ([`fold`]: diacritics dropped, typographic apostrophes
//! straightened, whitespace runs collapsed) and searched once with a
//! leftmost-longest Aho-Corasick automaton.
//!
//! What it guarantees: matches are case-sensitive, insensitive to diacritics,
//! whole words by Unicode rules, non-overlapping, in text order, the longest
//! valid name at the leftmost position, and reported as byte ranges of the
//! *original* text that lie on its char boundaries, so `&text[m.range]` is
//! the name exactly as the author spelled it. A name shared by two entities is
//! reported as [`MatchTarget::Ambiguous`], never as one of them.
//!
//! What it never does: it knows nothing of markdown or HTML. The caller hands
//! it only text where a mention may be made (not code, links or headings) and
//! decides what a match means.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use unicode_normalization::char::decompose_canonical;

/// Text folded for matching, with the way back to the original's offsets.
///
/// The map from folded to original offsets is stored sparsely, as the list of
/// chars that folding changed: text that folding leaves alone (all plain
/// ASCII prose with single spaces, say) costs one copy and no map at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// Every original char that folding changed, in order.
    edits: Vec<Edit>,
}

/// One original char that folding replaced, expanded or dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    /// Where its replacement starts in the folded text.
    folded: usize,
    /// Bytes of its replacement in the folded text; 0 when it was dropped.
    folded_len: usize,
    /// Where the char starts in the original.
    original: usize,
    /// Where the char ends in the original.
    original_end: usize,
}

/// Where a folded offset falls in the original.
enum Located {
    /// At the start of an original char (or the end of the text).
    Exact(usize),
    /// Strictly inside the replacement of one original char, which spans
    /// `start..end` in the original (a Hangul syllable split into its jamo).
    Inside { start: usize, end: usize },
}

impl Folded {
    /// Maps a range of the folded text back to the original text.
    ///
    /// The result always lies on the original's char boundaries: an edge that
    /// falls inside the folded form of one original char is widened to take
    /// that whole char. Diacritics dropped right after the range belong to its
    /// last letter and are included; out-of-bounds or reversed ranges are
    /// clamped rather than rejected.
    pub fn to_original(&self, folded_range: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let start = floor_char_boundary(&self.text, folded_range.start.min(len));
        let end = ceil_char_boundary(&self.text, folded_range.end.min(len)).max(start);
        let original_start = match self.locate(start) {
            Located::Exact(at) => at,
            Located::Inside { start, .. } => start,
        };
        let original_end = match self.locate(end) {
            Located::Exact(at) => at,
            Located::Inside { end, .. } => end,
        };
        original_start..original_end.max(original_start)
    }

    /// Where, in the original, the char that folded byte `folded` came from
    /// starts; the original's length at (or past) the end of the folded text.
    pub fn original_offset(&self, folded: usize) -> usize {
        self.to_original(folded..folded).start
    }

    /// Whether folding changed nothing, so folded offsets are original offsets.
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    /// Whether folded offset `at` starts an original char (or ends the text),
    /// so that a match edge there maps back exactly.
    fn starts_original_char(&self, at: usize) -> bool {
        matches!(self.locate(at), Located::Exact(_))
    }

    fn locate(&self, at: usize) -> Located {
        // The last edit starting at or before `at`; when dropped chars share a
        // folded offset with a replaced one, the later (in the original) wins.
        let after = self.edits.partition_point(|e| e.folded <= at);
        let Some(edit) = after.checked_sub(1).map(|i| self.edits[i]) else {
            return Located::Exact(at);
        };
        let replacement_end = edit.folded + edit.folded_len;
        if at >= replacement_end {
            Located::Exact(at - replacement_end + edit.original_end)
        } else if at == edit.folded {
            Located::Exact(edit.original)
        } else {
            Located::Inside {
                start: edit.original,
                end: edit.original_end,
            }
        }
    }
}

/// Folds text for matching.
///
/// Each char is NFD-decomposed and its diacritics dropped, so "González" →
/// "Gonzalez" and "Núñez" → "Nunez", whether the input was composed or
/// decomposed; case is kept. Typographic apostrophes ’ ‘ become `'`, quotes
/// “ ” become `"`, the hyphens U+2010 and U+2011 become `-`, and every run of
/// whitespace (line breaks and no-break spaces included) becomes one space,
/// so a name still matches across a wrapped line (a zero-width space counts
/// as whitespace). Soft hyphens, word joiners and byte order marks, invisible
/// but sometimes pasted inside words, are dropped.
///
/// Only marks from the combining-diacritics blocks are dropped: vowel signs
/// of scripts such as Devanagari are combining marks too, but dropping them
/// would merge different words.
///
/// [`Folded::to_original`] maps any folded range back to the original text.
pub fn fold(text: &str) -> Folded {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut edits = Vec::new();
    // Original bytes from `verbatim` up to `at` are unchanged and not yet copied.
    let mut verbatim = 0;
    let mut at = 0;
    let mut after_space = false;
    while at < bytes.len() {
        let byte = bytes[at];
        // The common case, ASCII that folding keeps, is copied in runs.
        if byte.is_ascii() && !is_ascii_space(byte) {
            after_space = false;
            at += 1;
            continue;
        }
        if byte == b' ' && !after_space {
            after_space = true;
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        out.push_str(&text[verbatim..at]);
        let folded_at = out.len();
        // A zero-width space separates words as a space does.
        let changed = if c.is_whitespace() || c == '\u{200B}' {
            if !after_space {
                out.push(' ');
                after_space = true;
            }
            c != ' ' || out.len() == folded_at
        } else {
            let changed = fold_char(c, &mut out);
            // A dropped char does not end a run of whitespace.
            if out.len() > folded_at {
                after_space = false;
            }
            changed
        };
        let end = at + c.len_utf8();
        if changed {
            edits.push(Edit {
                folded: folded_at,
                folded_len: out.len() - folded_at,
                original: at,
                original_end: end,
            });
        }
        verbatim = end;
        at = end;
    }
    out.push_str(&text[verbatim..]);
    Folded { text: out, edits }
}

fn is_ascii_space(byte: u8) -> bool {
    // `u8::is_ascii_whitespace` leaves out the vertical tab, which
    // `char::is_whitespace` (used for the rest of Unicode) counts.
    byte.is_ascii_whitespace() || byte == 0x0b
}

/// Appends the folded form of one non-space char; returns whether it differs.
fn fold_char(c: char, out: &mut String) -> bool {
    let replacement = match c {
        '\u{2018}' | '\u{2019}' => Some('\''),
        '\u{201C}' | '\u{201D}' => Some('"'),
        '\u{2010}' | '\u{2011}' => Some('-'),
        // Invisible chars that text pasted from the web carries inside words:
        // soft hyphen, word joiner, byte order mark.
        '\u{AD}' | '\u{2060}' | '\u{FEFF}' => return true,
        _ => None,
    };
    if let Some(r) = replacement {
        out.push(r);
        return true;
    }
    let start = out.len();
    decompose_canonical(c, |part| {
        if !is_diacritic(part) {
            out.push(part);
        }
    });
    let pushed = &out[start..];
    pushed.len() != c.len_utf8() || !pushed.starts_with(c)
}

/// Combining marks that fold away: the diacritics of Latin, Greek and
/// Cyrillic letters, and their extensions.
fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// A char that continues a word: letters and digits of any script, and `_`.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// What a name refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MatchTarget {
    /// The one entity (by the index given to [`NameMatcher::new`]) with this name.
    Entity(usize),
    /// Two or more entities share this name (sorted). SPEC §4: such a match
    /// is never linked nor counted as a mention, only reported by `check`.
    Ambiguous(Vec<usize>),
}

/// One name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    /// Bytes of the name in the original text, without any possessive.
    pub range: Range<usize>,
    /// Bytes of a possessive right after the name (`'s`, `’s`, or the bare
    /// apostrophe after a name ending in s: `Torres'`).
    pub possessive: Option<Range<usize>>,
    /// Whom the name refers to.
    pub target: MatchTarget,
    /// Which name matched: an index for [`NameMatcher::name`],
    /// [`NameMatcher::folded_name`] and [`NameMatcher::targets`].
    pub name: usize,
}

/// Every entity name of a dossier, ready to be found in text.
#[derive(Debug, Clone)]
pub struct NameMatcher {
    /// Leftmost-longest over the folded names; `None` when there are none,
    /// so that an empty dossier costs nothing per text.
    automaton: Option<AhoCorasick>,
    /// One per distinct folded name, sorted by it; the automaton's pattern ids.
    names: Vec<Name>,
    /// The bytes a folded name starts with: a match starts at one of them.
    first_bytes: [bool; 256],
}

#[derive(Debug, Clone)]
struct Name {
    folded: String,
    /// The name as first given, whitespace normalised, for messages.
    spelling: String,
    /// Sorted, without duplicates; two or more make the name ambiguous.
    targets: Vec<usize>,
    /// Whether the name starts with a word char, so that the char before a
    /// match must not be one ("U.S." after "the" needs no check on its own).
    starts_with_word: bool,
    /// Likewise for the char after a match (or after its possessive).
    ends_with_word: bool,
    /// Whether a bare apostrophe after the name is a possessive (`Torres'`).
    ends_with_s: bool,
}

impl Name {
    fn target(&self) -> MatchTarget {
        match self.targets.as_slice() {
            [one] => MatchTarget::Entity(*one),
            many => MatchTarget::Ambiguous(many.to_vec()),
        }
    }
}

/// The outcome of checking one automaton match against the word rules.
enum Verdict {
    /// A mention; the search goes on from `resume` (after any possessive).
    Accept { found: NameMatch, resume: usize },
    /// The start is inside a word: no name starting here can match.
    BadStart,
    /// The end is inside a word: a shorter name starting here still might.
    BadEnd,
}

impl NameMatcher {
    /// Builds the matcher from `(name, target)` pairs.
    ///
    /// `target` is the caller's index of the entity. The same folded name
    /// given for two *different* targets is ambiguous; the same name twice for
    /// one target is not. Empty and whitespace-only names are ignored.
    ///
    /// # Panics
    ///
    /// Only if the automaton outgrows aho-corasick's internal limits, which
    /// takes millions of names.
    pub fn new<I: IntoIterator<Item = (S, usize)>, S: AsRef<str>>(names: I) -> NameMatcher {
        let mut by_folded: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for (name, target) in names {
            let name = name.as_ref();
            // Folding collapses whitespace runs to one space, so trimming
            // spaces is trimming all whitespace.
            let folded = fold(name).text.trim_matches(' ').to_string();
            if folded.is_empty() {
                continue;
            }
            let (_, targets) = by_folded.entry(folded).or_insert_with(|| {
                let spelling = name.split_whitespace().collect::<Vec<_>>().join(" ");
                (spelling, Vec::new())
            });
            targets.push(target);
        }
        let names: Vec<Name> = by_folded
            .into_iter()
            .map(|(folded, (spelling, mut targets))| {
                targets.sort_unstable();
                targets.dedup();
                Name {
                    starts_with_word: folded.chars().next().is_some_and(is_word_char),
                    ends_with_word: folded.chars().next_back().is_some_and(is_word_char),
                    ends_with_s: folded.ends_with(['s', 'S']),
                    folded,
                    spelling,
                    targets,
                }
            })
            .collect();
        let automaton = (!names.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                // Anchored searches find the shorter names at a position
                // whose longest name failed the word check.
                .start_kind(StartKind::Both)
                .build(names.iter().map(|n| &n.folded))
                .expect("the names of a dossier fit in an Aho-Corasick automaton")
        });
        let mut first_bytes = [false; 256];
        for name in &names {
            if let Some(&b) = name.folded.as_bytes().first() {
                first_bytes[usize::from(b)] = true;
            }
        }
        NameMatcher {
            automaton,
            names,
            first_bytes,
        }
    }

    /// Every match in `text`, in order, non-overlapping, leftmost-longest,
    /// with byte ranges into `text` itself.
    ///
    /// The text is folded once and searched in one pass; when the longest
    /// name at a position fails the whole-word check, shorter names at that
    /// position are tried, then later positions (including ones inside the
    /// rejected name).
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = NameMatch> + 'a {
        // Folding is skipped when there is nothing to find.
        let folded = match self.automaton {
            Some(_) => fold(text),
            None => Folded {
                text: String::new(),
                edits: Vec::new(),
            },
        };
        Matches {
            matcher: self,
            folded,
            resume: 0,
        }
    }

    /// Like [`find_iter`](Self::find_iter), over text the caller already
    /// folded (to reuse one fold for several purposes); ranges are into the
    /// original text that was folded.
    pub fn find_in_folded<'a>(
        &'a self,
        folded: &'a Folded,
    ) -> impl Iterator<Item = NameMatch> + 'a {
        Matches {
            matcher: self,
            folded,
            resume: 0,
        }
    }

    /// Names given for two or more different targets, in folded-name order:
    /// the name as first given, and the sorted targets that share it. This is
    /// what the "ambiguous name" warning lists.
    pub fn ambiguous_names(&self) -> impl Iterator<Item = (&str, &[usize])> + '_ {
        self.names
            .iter()
            .filter(|n| n.targets.len() > 1)
            .map(|n| (n.spelling.as_str(), n.targets.as_slice()))
    }

    /// Whether no name was given (every text then has no match).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The matched name `NameMatch::name` as first given to [`new`](Self::new)
    /// (whitespace normalised).
    ///
    /// # Panics
    ///
    /// If `name` is not from a match of this matcher.
    pub fn name(&self, name: usize) -> &str {
        &self.names[name].spelling
    }

    /// The folded form of name `name`, the text that was actually matched.
    pub fn folded_name(&self, name: usize) -> &str {
        &self.names[name].folded
    }

    /// The sorted targets of name `name`: one, or several when ambiguous.
    pub fn targets(&self, name: usize) -> &[usize] {
        &self.names[name].targets
    }

    /// Checks an automaton match of name `name` at folded `start..end`
    /// against the word and char-boundary rules.
    fn check(&self, folded: &Folded, start: usize, end: usize, name: usize) -> Verdict {
        let entry = &self.names[name];
        let text = folded.text.as_str();
        // An apostrophe before a name is not a word char: French and Italian
        // elide ("l'ONU", "d'Haïti") and the name must still match there.
        let word_before =
            entry.starts_with_word && text[..start].chars().next_back().is_some_and(is_word_char);
        if word_before || !folded.starts_original_char(start) {
            return Verdict::BadStart;
        }
        if !folded.starts_original_char(end) {
            return Verdict::BadEnd;
        }
        let possessive = possessive_end(text, end, entry.ends_with_s)
            .filter(|&p| folded.starts_original_char(p));
        if possessive.is_none()
            && entry.ends_with_word
            && text[end..].chars().next().is_some_and(is_word_char)
        {
            return Verdict::BadEnd;
        }
        Verdict::Accept {
            found: NameMatch {
                range: folded.to_original(start..end),
                possessive: possessive.map(|p| folded.to_original(end..p)),
                target: entry.target(),
                name,
            },
            resume: possessive.unwrap_or(end),
        }
    }
}

/// Where a possessive starting at folded `at` ends, if there is one: `'s`
/// (any case of s), or a bare `'` after a name ending in s, then no word char.
/// Typographic apostrophes were folded to `'`.
fn possessive_end(text: &str, at: usize, name_ends_with_s: bool) -> Option<usize> {
    let rest = &text.as_bytes()[at..];
    if rest.first() != Some(&b'\'') {
        return None;
    }
    let no_word_from = |from: usize| !text[from..].chars().next().is_some_and(is_word_char);
    if matches!(rest.get(1), Some(b's' | b'S')) && no_word_from(at + 2) {
        return Some(at + 2);
    }
    if name_ends_with_s && no_word_from(at + 1) {
        return Some(at + 1);
    }
    None
}

/// The search over one folded text; `F` owns or borrows the fold.
struct Matches<'m, F> {
    matcher: &'m NameMatcher,
    folded: F,
    /// Folded offset where the next match may start.
    resume: usize,
}

impl<F: Borrow<Folded>> Iterator for Matches<'_, F> {
    type Item = NameMatch;

    fn next(&mut self) -> Option<NameMatch> {
        let automaton = self.matcher.automaton.as_ref()?;
        let folded = self.folded.borrow();
        let text = folded.text.as_str();
        let first = &self.matcher.first_bytes;
        while self.resume < text.len() {
            // The leftmost-longest match is the longest one anchored at the
            // first position that has one. Only bytes a name starts with can
            // be such a position (never a UTF-8 continuation byte): skipping
            // to them spares running every byte of the text through the
            // automaton, which is slow once it holds thousands of names.
            let skip = text.as_bytes()[self.resume..]
                .iter()
                .position(|&b| first[usize::from(b)])?;
            let at = self.resume + skip;
            let anchored = Input::new(text)
                .span(at..text.len())
                .anchored(Anchored::Yes);
            let Some(found) = automaton.find(anchored) else {
                self.resume = at + 1;
                continue;
            };
            let start = found.start();
            let verdict =
                match self
                    .matcher
                    .check(folded, start, found.end(), found.pattern().as_usize())
                {
                    Verdict::BadEnd => self.shorter_at(automaton, folded, start, found.end()),
                    other => other,
                };
            if let Verdict::Accept { found, resume } = verdict {
                self.resume = resume;
                return Some(found);
            }
            // No name fits here; one may still start inside the rejected one.
            self.resume = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }
}

impl<F> Matches<'_, F> {
    /// Tries the names starting at `start` that are shorter than `end`,
    /// longest first, until one passes the word check.
    fn shorter_at(
        &self,
        automaton: &AhoCorasick,
        folded: &Folded,
        start: usize,
        mut end: usize,
    ) -> Verdict {
        // A shorter name ends at `end - 1` at the latest: an anchored search
        // bounded there finds the longest of the shorter ones.
        while end - 1 > start {
            let input = Input::new(&folded.text)
                .span(start..end - 1)
                .anchored(Anchored::Yes);
            let Some(found) = automaton.find(input) else {
                break;
            };
            match self
                .matcher
                .check(folded, start, found.end(), found.pattern().as_usize())
            {
                Verdict::BadEnd => end = found.end(),
                verdict => return verdict,
            }
        }
        Verdict::BadEnd
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Matches of `names` (each its own target, by position) in `text`, as
    /// (original spelling, target, possessive) triples.
    fn found<'t>(names: &[&str], text: &'t str) -> Vec<(&'t str, MatchTarget, Option<&'t str>)> {
        let matcher = NameMatcher::new(names.iter().enumerate().map(|(i, n)| (*n, i)));
        matcher
            .find_iter(text)
            .map(|m| {
                let possessive = m.possessive.map(|p| &text[p]);
                (&text[m.range], m.target, possessive)
            })
            .collect()
    }

    fn spellings<'t>(names: &[&str], text: &'t str) -> Vec<&'t str> {
        found(names, text).into_iter().map(|(s, _, _)| s).collect()
    }

    #[test]
    fn fold_drops_diacritics_and_keeps_case() {
        assert_eq!(fold("González").text, "Gonzalez");
        assert_eq!(fold("Núñez").text, "Nunez");
        assert_eq!(fold("NÚÑEZ").text, "NUNEZ");
        assert_eq!(fold("Nguyễn Phú Trọng").text, "Nguyen Phu Trong");
        // Already decomposed input folds the same way.
        assert_eq!(fold("Gonza\u{301}lez").text, "Gonzalez");
    }

    #[test]
    fn fold_straightens_apostrophes_and_collapses_whitespace() {
        assert_eq!(fold("Côte d’Ivoire").text, "Cote d'Ivoire");
        assert_eq!(fold("‘quoted’ “twice”").text, "'quoted' \"twice\"");
        assert_eq!(
            fold("Edmundo\n  González\u{a0}Urrutia").text,
            "Edmundo Gonzalez Urrutia"
        );
    }

    #[test]
    fn fold_drops_invisible_chars_inside_words() {
        assert_eq!(
            fold("Ma\u{AD}duro\u{200B}Cabello\u{FEFF}").text,
            "Maduro Cabello"
        );
        assert_eq!(spellings(&["Maduro"], "Ma\u{AD}duro’s"), ["Ma\u{AD}duro"]);
    }

    #[test]
    fn fold_of_plain_ascii_needs_no_map() {
        let folded = fold("Nicolas Maduro spoke in Caracas.");
        assert!(folded.is_identity());
        assert_eq!(folded.to_original(8..14), 8..14);
        // Scripts folding leaves alone need no map either.
        assert!(fold("Мадуро — 馬杜羅 🇻🇪").is_identity());
    }

    #[test]
    fn fold_maps_back_to_whole_original_chars() {
        let text = "Sr. Núñez’s «día»";
        let folded = fold(text);
        assert_eq!(folded.text, "Sr. Nunez's «dia»");
        let nunez = folded.text.find("Nunez").unwrap();
        assert_eq!(folded.original_offset(nunez + 1), text.find('ú').unwrap());
        assert_eq!(folded.original_offset(folded.text.len()), text.len());
        assert_eq!(&text[folded.to_original(nunez..nunez + 5)], "Núñez");
        let apostrophe = nunez + 5;
        assert_eq!(&text[folded.to_original(apostrophe..apostrophe + 2)], "’s");
        let dia = folded.text.find("dia").unwrap();
        assert_eq!(&text[folded.to_original(dia..dia + 3)], "día");
        // Decomposed diacritics stay with their letter.
        let nfd = "Gonza\u{301}lez";
        let folded = fold(nfd);
        assert_eq!(&nfd[folded.to_original(0..5)], "Gonza\u{301}");
        assert_eq!(&nfd[folded.to_original(5..8)], "lez");
        // Nonsense ranges are clamped, not a panic.
        assert_eq!(folded.to_original(6..100), folded.to_original(6..8));
        assert_eq!(folded.to_original(Range { start: 7, end: 3 }).len(), 0);
    }

    #[test]
    fn diacritics_are_ignored_both_ways() {
        assert_eq!(
            spellings(&["Nicolás Maduro"], "Nicolas Maduro won."),
            ["Nicolas Maduro"]
        );
        assert_eq!(
            spellings(&["Gonzalez"], "Edmundo González said"),
            ["González"]
        );
        assert_eq!(
            spellings(
                &["María Corina Machado"],
                "MARÍA Corina Machado; Maria Corina Machado"
            ),
            ["Maria Corina Machado"]
        );
        // Text written with combining accents keeps them in the range.
        assert_eq!(
            spellings(&["González"], "Gonza\u{301}lez\u{301} won"),
            ["Gonza\u{301}lez\u{301}"]
        );
    }

    #[test]
    fn matching_is_case_sensitive() {
        assert_eq!(spellings(&["Maduro"], "maduro MADURO Maduro"), ["Maduro"]);
    }

    #[test]
    fn possessives_with_either_apostrophe() {
        let text = "Maduro's speech and Maduro’s guards; MADURO'S? Maduro'sche";
        let got = found(&["Maduro", "MADURO"], text);
        let got: Vec<_> = got.iter().map(|(name, _, p)| (*name, *p)).collect();
        assert_eq!(
            got,
            [
                ("Maduro", Some("'s")),
                ("Maduro", Some("’s")),
                ("MADURO", Some("'S")),
                // Not a possessive: the apostrophe is followed by a word.
                ("Maduro", None),
            ]
        );
    }

    #[test]
    fn a_bare_apostrophe_is_possessive_after_a_final_s() {
        let got = found(
            &["Torres", "Caracas", "Maduro"],
            "Torres' plan, Caracas’ mayor, Maduro' no",
        );
        let got: Vec<_> = got.iter().map(|(name, _, p)| (*name, *p)).collect();
        assert_eq!(
            got,
            [
                ("Torres", Some("'")),
                ("Caracas", Some("’")),
                ("Maduro", None)
            ]
        );
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(
            spellings(&["Lima"], "Limassol, Lima, Limas, Olima"),
            ["Lima"]
        );
        assert_eq!(
            spellings(&["Maduro"], "antiMaduro Maduro2 _Maduro Maduro_"),
            Vec::<&str>::new()
        );
        // A hyphen, a dash or an emoji is not part of a word.
        assert_eq!(
            spellings(&["Maduro"], "anti-Maduro, —Maduro—, 🇻🇪Maduro🇻🇪"),
            ["Maduro", "Maduro", "Maduro"]
        );
        // Letters of other scripts are word chars.
        assert_eq!(
            spellings(&["Maduro"], "Madurodé Мадуро日本Maduro ñMaduro"),
            Vec::<&str>::new()
        );
        // Digits are word chars: G7 is not in G77.
        assert_eq!(spellings(&["G7"], "G77 and G7."), ["G7"]);
    }

    #[test]
    fn elided_articles_do_not_hide_a_name() {
        assert_eq!(
            spellings(&["ONU", "Haïti"], "le chef de l'ONU et d’Haïti"),
            ["ONU", "Haïti"]
        );
    }

    #[test]
    fn names_with_punctuation_at_their_edges() {
        assert_eq!(
            spellings(&["U.S."], "the U.S.-backed plan and the U.S. itself"),
            ["U.S.", "U.S."]
        );
        assert_eq!(
            spellings(&["Mr. Maduro"], "said Mr. Maduro."),
            ["Mr. Maduro"]
        );
        assert_eq!(
            spellings(&["Côte d’Ivoire"], "in Cote d'Ivoire and Côte d’Ivoire"),
            ["Cote d'Ivoire", "Côte d’Ivoire"]
        );
    }

    #[test]
    fn the_longest_name_wins() {
        let names = ["González", "Edmundo González Urrutia", "Edmundo González"];
        assert_eq!(
            spellings(
                &names,
                "Edmundo González Urrutia won; González conceded nothing."
            ),
            ["Edmundo González Urrutia", "González"]
        );
    }

    #[test]
    fn a_shorter_name_is_tried_when_the_longest_is_not_a_whole_word() {
        assert_eq!(spellings(&["Lima", "Lima Norte"], "Lima Nortes"), ["Lima"]);
        assert_eq!(
            spellings(
                &["Lima", "Lima Norte", "Lima Norte Sur"],
                "Lima Norte Sureño"
            ),
            ["Lima Norte"]
        );
    }

    #[test]
    fn a_rejected_name_does_not_hide_a_later_one() {
        let names = ["Edmundo González Urrutia", "González"];
        assert_eq!(spellings(&names, "Edmundo González Urrutiaz"), ["González"]);
        assert_eq!(
            spellings(&["Lima Norte"], "Lima Nortex and Lima Norte"),
            ["Lima Norte"]
        );
    }

    #[test]
    fn a_name_across_a_line_break_is_still_one_name() {
        let text = "met Edmundo\nGonzález  Urrutia";
        assert_eq!(
            spellings(&["Edmundo González Urrutia"], text),
            ["Edmundo\nGonzález  Urrutia"]
        );
    }

    #[test]
    fn names_at_the_edges_of_the_text() {
        assert_eq!(spellings(&["Maduro"], "Maduro"), ["Maduro"]);
        assert_eq!(
            spellings(&["Maduro"], "Maduro spoke to Maduro"),
            ["Maduro", "Maduro"]
        );
        assert_eq!(spellings(&["Maduro"], ""), Vec::<&str>::new());
    }

    #[test]
    fn ranges_point_at_the_original_spelling_in_multibyte_text() {
        let text = "🇻🇪 «Nicolás Maduro’s» — “Núñez” ¿Gonzalez?";
        let matcher = NameMatcher::new([("Nicolas Maduro", 0), ("Nuñez", 1), ("González", 2)]);
        let got: Vec<_> = matcher.find_iter(text).collect();
        let spelled: Vec<&str> = got.iter().map(|m| &text[m.range.clone()]).collect();
        assert_eq!(spelled, ["Nicolás Maduro", "Núñez", "Gonzalez"]);
        assert_eq!(got[0].possessive.clone().map(|p| &text[p]), Some("’s"));
        assert_eq!(got[0].range.end, got[0].possessive.clone().unwrap().start);
        let targets: Vec<_> = got.iter().map(|m| m.target.clone()).collect();
        assert_eq!(
            targets,
            [
                MatchTarget::Entity(0),
                MatchTarget::Entity(1),
                MatchTarget::Entity(2)
            ]
        );
    }

    #[test]
    fn a_shared_name_is_ambiguous() {
        let matcher = NameMatcher::new([
            ("Edmundo González Urrutia", 0),
            ("González", 0),
            ("Carlos Gonzalez", 1),
            ("González", 1),
            ("Maduro", 2),
            ("Maduro", 2),
        ]);
        let ambiguous: Vec<_> = matcher.ambiguous_names().collect();
        assert_eq!(ambiguous, [("González", &[0, 1][..])]);
        let got: Vec<_> = matcher
            .find_iter("González met Maduro and Edmundo González Urrutia.")
            .map(|m| m.target)
            .collect();
        assert_eq!(
            got,
            [
                MatchTarget::Ambiguous(vec![0, 1]),
                MatchTarget::Entity(2),
                MatchTarget::Entity(0)
            ]
        );
    }

    #[test]
    fn names_differing_only_in_diacritics_are_the_same_name() {
        let matcher = NameMatcher::new([("José Gregorio", 0), ("Jose Gregorio", 1)]);
        let ambiguous: Vec<_> = matcher.ambiguous_names().collect();
        assert_eq!(ambiguous, [("José Gregorio", &[0, 1][..])]);
        let matcher = NameMatcher::new([("José Gregorio", 0), ("Jose Gregorio", 0)]);
        assert_eq!(matcher.ambiguous_names().count(), 0);
    }

    #[test]
    fn match_names_index_the_matcher() {
        let matcher = NameMatcher::new([("  Nicolás \n Maduro ", 7)]);
        let m = matcher.find_iter("Nicolas Maduro").next().unwrap();
        assert_eq!(matcher.name(m.name), "Nicolás Maduro");
        assert_eq!(matcher.folded_name(m.name), "Nicolas Maduro");
        assert_eq!(matcher.targets(m.name), [7]);
    }

    #[test]
    fn empty_names_are_ignored() {
        let matcher = NameMatcher::new([("", 0), ("  \n", 1)]);
        assert!(matcher.is_empty());
        assert_eq!(matcher.find_iter("anything at all").count(), 0);
        assert!(NameMatcher::new(Vec::<(String, usize)>::new()).is_empty());
    }

    #[test]
    fn a_name_never_matches_part_of_one_original_char() {
        // "한" decomposes into three jamo; the first alone must not match.
        let hieut = "\u{1112}";
        assert_eq!(spellings(&[hieut], "한 국"), Vec::<&str>::new());
        // The whole syllable matches whether written composed or decomposed.
        assert_eq!(
            spellings(&["한국"], "\u{1112}\u{1161}\u{11AB}국 한국"),
            ["\u{1112}\u{1161}\u{11AB}국", "한국"]
        );
    }

    #[test]
    fn find_in_folded_reuses_a_fold() {
        let text = "Núñez y Núñez";
        let folded = fold(text);
        let matcher = NameMatcher::new([("Nunez", 0)]);
        let a: Vec<_> = matcher.find_in_folded(&folded).collect();
        let b: Vec<_> = matcher.find_iter(text).collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), 2);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Chars chosen to hit the rules: letters that fold together,
        /// combining marks, apostrophes, an s for possessives, word and
        /// non-word punctuation, a Hangul syllable and its jamo, multibyte
        /// symbols and whitespace of several kinds.
        fn tricky_char() -> impl Strategy<Value = char> {
            prop::sample::select(vec![
                'a', 'A', 'á', 'e', 'é', 'n', 'ñ', 's', 'S', '1', '_', '\u{301}', '\u{303}', '\'',
                '’', '‘', ' ', '\n', '\u{a0}', '\u{ad}', '\u{200b}', '-', '.', '—', '😀', '한',
                '\u{1112}', '\u{1161}', '\u{11AB}', 'ǅ', 'Ω',
            ])
        }

        fn tricky_string(max: usize) -> impl Strategy<Value = String> {
            prop::collection::vec(tricky_char(), 0..max).prop_map(|cs| cs.into_iter().collect())
        }

        /// Names, and a text made of pieces of them and of noise, so that
        /// matches, near misses and overlaps are common.
        fn names_and_text() -> impl Strategy<Value = (Vec<(String, usize)>, String)> {
            prop::collection::vec((tricky_string(6), 0..3usize), 1..6).prop_flat_map(|names| {
                let pieces: Vec<String> = names.iter().map(|(n, _)| n.clone()).collect();
                let piece = prop_oneof![prop::sample::select(pieces), tricky_string(4)];
                let text = prop::collection::vec(piece, 0..12).prop_map(|ps| ps.concat());
                (Just(names), text)
            })
        }

        /// The rules applied the slow way: at each char, every name that
        /// occurs there, longest first.
        fn naive(matcher: &NameMatcher, text: &str) -> Vec<NameMatch> {
            let folded = fold(text);
            let mut by_length: Vec<usize> = (0..matcher.names.len()).collect();
            by_length.sort_by_key(|&i| std::cmp::Reverse(matcher.names[i].folded.len()));
            let mut out = Vec::new();
            let mut at = 0;
            'outer: while at < folded.text.len() {
                for &i in &by_length {
                    if folded.text[at..].starts_with(&matcher.names[i].folded) {
                        let end = at + matcher.names[i].folded.len();
                        if let Verdict::Accept { found, resume } =
                            matcher.check(&folded, at, end, i)
                        {
                            out.push(found);
                            at = resume;
                            continue 'outer;
                        }
                    }
                }
                at += folded.text[at..].chars().next().unwrap().len_utf8();
            }
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn matches_are_sound((names, text) in names_and_text()) {
                let matcher = NameMatcher::new(names.iter().map(|(n, t)| (n.as_str(), *t)));
                let found: Vec<NameMatch> = matcher.find_iter(&text).collect();
                let mut previous_end = 0;
                for m in &found {
                    prop_assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
                    prop_assert!(m.range.start >= previous_end && m.range.start < m.range.end);
                    prop_assert_eq!(fold(&text[m.range.clone()]).text, matcher.folded_name(m.name));
                    previous_end = m.range.end;
                    if let Some(p) = &m.possessive {
                        prop_assert_eq!(p.start, m.range.end);
                        prop_assert!(text.is_char_boundary(p.end) && p.end > p.start);
                        previous_end = p.end;
                    }
                    let targets = matcher.targets(m.name);
                    let expected = match targets {
                        [one] => MatchTarget::Entity(*one),
                        many => MatchTarget::Ambiguous(many.to_vec()),
                    };
                    prop_assert_eq!(&m.target, &expected);
                }
                prop_assert_eq!(found, naive(&matcher, &text));
            }

            #[test]
            fn folded_ranges_map_to_char_boundaries(
                text in tricky_string(30),
                a in 0usize..80,
                b in 0usize..80,
            ) {
                let folded = fold(&text);
                let range = folded.to_original(a.min(b)..a.max(b));
                prop_assert!(range.start <= range.end && range.end <= text.len());
                prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                // Diacritics at the very start belong to no letter and may be skipped.
                prop_assert_eq!(folded.to_original(0..folded.text.len()).end, text.len());
            }
        }

        proptest! {
            // Arbitrary Unicode is slow to generate and rarely matches: it
            // guards against panics, the cases above against wrong answers.
            #![proptest_config(ProptestConfig::with_cases(400))]

            #[test]
            fn any_text_and_names_never_panic(
                names in prop::collection::vec(("\\PC{0,8}", 0..4usize), 0..8),
                text in "\\PC{0,80}",
            ) {
                let matcher = NameMatcher::new(names);
                for m in matcher.find_iter(&text) {
                    prop_assert!(text.get(m.range.clone()).is_some());
                    prop_assert_eq!(fold(&text[m.range.clone()]).text, matcher.folded_name(m.name));
                }
            }
        }
    }
}
