//! Names in an imported text that match no entity of the dossier, offered
//! to the editor as new entities with a guessed kind.
//!
//! A name is a run of capitalised words, with the particles of names in
//! between (`del`, `de la`, `da`, `van`), that is not a month, a day, the
//! outlet or the start of a sentence, and that the dossier's matcher does
//! not already know. The kind is guessed from what stands around it: a
//! person after a title or before "said"; a place after "in"/"en"; an
//! organisation for an acronym or a word such as Council, Party or Union.
//! Nothing here writes a file; a guess is a suggestion, never a fact.

use crate::content::Kind;
use crate::dossier::Dossier;
use crate::names::NameTable;

/// A name the text uses that no entity has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub name: String,
    /// The guessed kind, when the text gives a clue.
    pub kind: Option<Kind>,
    /// How many times the text uses it.
    pub count: usize,
}

#[rustfmt::skip]
const PARTICLES: &[&str] = &[
    "de", "del", "de la", "la", "las", "los", "da", "das", "do", "dos", "van", "von", "der", "di",
    "du", "des", "y",
];

/// Words that may open a sentence but are no part of a name.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    // months and days, EN ES PT FR
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "octubre", "noviembre", "diciembre", "lunes", "martes", "miércoles",
    "jueves", "viernes", "sábado", "domingo", "janeiro", "fevereiro", "março", "maio", "junho",
    "julho", "setembro", "outubro", "novembro", "dezembro", "segunda-feira", "terça-feira",
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    "samedi", "dimanche",
    // sentence openers
    "the", "a", "an", "in", "on", "at", "but", "and", "or", "if", "when", "after", "before",
    "as", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "his", "her",
    "their", "its", "our", "for", "from", "with", "by", "to", "of", "el", "la", "los", "las",
    "un", "una", "en", "con", "por", "para", "tras", "según", "pero", "y", "o", "os", "as", "um",
    "uma", "em", "no", "na", "nos", "com", "segundo", "mas", "le", "les", "une", "dans", "pour",
    "selon", "mais", "et", "il", "elle", "ils", "nous", "de", "del", "des", "du", "da", "do",
    "while", "also", "however", "yet", "still", "meanwhile", "some", "many", "most", "more",
];

/// Titles before a person's name: "Minister Ana Pérez".
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "president", "minister", "mr", "mrs", "ms", "dr", "senator", "governor", "mayor", "general",
    "judge", "secretary", "prime", "deputy", "presidente", "presidenta", "ministro", "ministra",
    "alcalde", "alcaldesa", "gobernador", "gobernadora", "senador", "senadora", "diputado",
    "diputada", "juez", "jueza", "sr", "sra", "don", "doña", "président", "présidente",
    "ministre", "maire", "deputado", "deputada", "prefeito", "prefeita", "governador", "mme", "m",
    "vice", "councillor", "concejal", "concejala", "conseiller", "vereador", "vereadora",
];

/// Role words just before a name: "union leader Ana Pérez".
#[rustfmt::skip]
const ROLES: &[&str] = &[
    "leader", "spokesman", "spokeswoman", "spokesperson", "chief", "director", "head", "minister",
    "president", "official", "activist", "lawyer", "líder", "portavoz", "vocero", "vocera",
    "dirigente", "ministro", "ministra", "presidente", "presidenta", "abogado", "abogada",
    "porta-voz", "dirigeant", "dirigeante", "porte-parole", "avocat", "avocate", "secretario",
    "secretaria", "candidate", "candidato", "candidata", "opposition",
];

/// Verbs of speech after a person's name: "Ana Pérez said".
#[rustfmt::skip]
const SPEECH: &[&str] = &[
    "said", "says", "told", "added", "stated", "warned", "argued", "dijo", "afirmó", "declaró",
    "aseguró", "señaló", "explicó", "indicó", "disse", "afirmou", "declarou", "explicou",
    "déclaré", "affirmé", "expliqué", "declared", "explained", "insisted",
];

/// Words after which a name is a place.
const PLACE_BEFORE: &[&str] = &["in", "en", "em", "à", "au", "near", "from", "desde"];

/// Words that make a name an organisation.
#[rustfmt::skip]
const ORGANISATION_WORDS: &[&str] = &[
    "council", "court", "federation", "ministry", "party", "union", "front", "board",
    "commission", "association", "bank", "agency", "institute", "university", "committee",
    "movement", "alliance", "company", "corporation", "office", "assembly", "police", "army",
    "authority", "autoridad", "autoridade", "autorité", "secretaría", "secretaria", "concejo",
    "house", "senate", "congress", "government", "gobierno", "governo", "gouvernement", "center",
    "centre", "centro", "church", "iglesia", "group", "grupo", "network", "foundation",
    "fundación", "fundação", "fondation", "club", "prefeitura", "ayuntamiento", "mairie",
    "consejo", "tribunal", "corte", "federación", "ministerio", "partido", "sindicato", "frente",
    "comisión", "asociación", "banco", "universidad", "comité", "movimiento", "alianza",
    "asamblea", "conseil", "cour", "fédération", "ministère", "parti", "syndicat", "commission",
    "conselho", "federação", "ministério", "comissão", "associação", "universidade",
];

struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    /// The word ends a sentence or a clause ("said.", "Lima,").
    closes: bool,
    /// The word opens a sentence.
    opens_sentence: bool,
}

fn words(paragraph: &str) -> Vec<Word<'_>> {
    let mut out: Vec<Word> = Vec::new();
    let mut offset = 0;
    for raw in paragraph.split_inclusive(char::is_whitespace) {
        let token = raw.trim_end();
        let lead = token.len()
            - token
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        if core.is_empty() {
            offset += raw.len();
            continue;
        }
        let before = paragraph[..offset].trim_end();
        let opens_sentence = before.is_empty()
            || before.ends_with(['.', '!', '?', ':', '"', '\u{201c}', '«', '—'])
            || token.starts_with(['"', '\u{201c}', '«', '¿', '¡']);
        let start = offset + lead;
        let after = &token[lead + core.len()..];
        // "Venezuela's National Assembly": the possessive ends a name.
        let possessive = core
            .strip_suffix("'s")
            .or_else(|| core.strip_suffix("\u{2019}s"));
        let closes = !after.is_empty() || possessive.is_some();
        let core = possessive.unwrap_or(core);
        out.push(Word {
            text: core,
            start,
            end: start + core.len(),
            closes,
            opens_sentence,
        });
        offset += raw.len();
    }
    out
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_alphabetic)
        || is_acronym(word)
}

fn is_acronym(word: &str) -> bool {
    (2..=6).contains(&word.chars().count()) && word.chars().all(|c| c.is_ascii_uppercase())
}

fn lower(word: &str) -> String {
    word.to_lowercase()
}

/// The names of `paragraphs` that the dossier does not know, with a guessed
/// kind, in order of first use. `exclude` holds names that are not subjects
/// of the story (the outlet, the authors).
pub fn suggest(names: &NameTable, paragraphs: &[String], exclude: &[&str]) -> Vec<Suggestion> {
    let mut found: Vec<(Suggestion, [usize; 4])> = Vec::new();
    for paragraph in paragraphs {
        let known: Vec<std::ops::Range<usize>> = names
            .matcher
            .find_iter(paragraph)
            .map(|m| m.range)
            .collect();
        let words = words(paragraph);
        let mut i = 0;
        while i < words.len() {
            let Some((first, last)) = run_at(&words, i) else {
                i += 1;
                continue;
            };
            i = last + 1;
            // "Vice President Mike Pence", "Deputy Minister Oren Vale": the
            // name starts after the last title of the run.
            let mut first = first;
            let mut title = false;
            if let Some(at) =
                (first..last).rfind(|k| TITLES.contains(&lower(words[*k].text).as_str()))
            {
                first = at + 1;
                title = true;
            }
            // A run of more than five capitalised words is a headline in
            // title case, not a name.
            if words[first..=last]
                .iter()
                .filter(|w| is_capitalised(w.text))
                .count()
                > 5
            {
                continue;
            }
            // A sentence opens with a capital whatever the word: a lone
            // word there says nothing, and an opener is no part of a name.
            if words[first].opens_sentence && !title {
                if NOT_NAMES.contains(&lower(words[first].text).as_str()) {
                    first += 1;
                    if first > last {
                        continue;
                    }
                } else if first == last && !is_acronym(words[first].text) {
                    continue;
                }
            }
            if first == last && !is_acronym(words[first].text) && !title {
                continue;
            }
            let (start, end) = (words[first].start, words[last].end);
            let name = paragraph[start..end]
                .trim_end_matches("'s")
                .trim_end_matches("\u{2019}s");
            if known.iter().any(|r| r.start < end && start < r.end)
                || exclude
                    .iter()
                    .any(|e| !e.is_empty() && (e.contains(name) || name.contains(e)))
                || name
                    .split_whitespace()
                    .all(|w| NOT_NAMES.contains(&lower(w).as_str()))
            {
                continue;
            }
            let kind = guess(&words, first, last, title);
            let votes = match found.iter_mut().find(|(s, _)| s.name == name) {
                Some((suggestion, votes)) => {
                    suggestion.count += 1;
                    votes
                }
                None => {
                    found.push((
                        Suggestion {
                            name: name.to_string(),
                            kind: None,
                            count: 1,
                        },
                        [0; 4],
                    ));
                    &mut found.last_mut().expect("just pushed").1
                }
            };
            if let Some(kind) = kind {
                votes[Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)] += 1;
            }
        }
    }
    found
        .into_iter()
        .map(|(mut suggestion, votes)| {
            let best = (0..4).max_by_key(|k| votes[*k]).unwrap_or(0);
            suggestion.kind = (votes[best] > 0).then_some(Kind::ALL[best]);
            suggestion
        })
        .collect()
}

/// The run of capitalised words (and particles between them) starting at
/// `i`: its first and last word.
fn run_at(words: &[Word], i: usize) -> Option<(usize, usize)> {
    if !is_capitalised(words.get(i)?.text) {
        return None;
    }
    let mut last = i;
    let mut j = i;
    while !words[j].closes {
        // Particles join two capitalised words: "Juan de la Cruz".
        let mut k = j + 1;
        while k < words.len()
            && k - j <= 2
            && PARTICLES.contains(&words[k].text)
            && !words[k].closes
        {
            k += 1;
        }
        match words.get(k) {
            Some(next) if is_capitalised(next.text) && !next.opens_sentence => {
                last = k;
                j = k;
            }
            _ => break,
        }
    }
    Some((i, last))
}

fn guess(words: &[Word], first: usize, last: usize, title: bool) -> Option<Kind> {
    let run = &words[first..=last];
    if run
        .iter()
        .any(|w| is_acronym(w.text) || ORGANISATION_WORDS.contains(&lower(w.text).as_str()))
    {
        return Some(Kind::Organization);
    }
    let before = first.checked_sub(1).map(|b| lower(words[b].text));
    let after = words.get(last + 1).map(|w| lower(w.text));
    let after_two = words.get(last + 2).map(|w| lower(w.text));
    let speaks = after.as_deref().is_some_and(|w| SPEECH.contains(&w))
        || after.as_deref() == Some("a")
            && after_two.as_deref().is_some_and(|w| SPEECH.contains(&w))
        || !words[last].closes
            && after.as_deref().is_some_and(|w| w == "has" || w == "ha")
            && after_two.as_deref().is_some_and(|w| SPEECH.contains(&w));
    let spoke_before = before.as_deref().is_some_and(|w| SPEECH.contains(&w));
    if title || speaks || spoke_before || before.as_deref().is_some_and(|w| ROLES.contains(&w)) {
        return Some(Kind::Person);
    }
    if before.as_deref().is_some_and(|w| PLACE_BEFORE.contains(&w)) {
        return Some(Kind::Place);
    }
    None
}

/// Names that no entity has but two or more articles use, each with the
/// indexes of those articles in `dossier.articles`, most used first: what
/// `dossier check` reports as unlinked names.
pub fn unlinked_names(dossier: &Dossier, names: &NameTable) -> Vec<(String, Vec<usize>)> {
    let mut seen: Vec<(String, Vec<usize>)> = Vec::new();
    for (index, article) in dossier.articles.iter().enumerate() {
        let paragraphs: Vec<String> = article
            .body
            .split("\n\n")
            .map(|p| p.replace('\\', ""))
            .collect();
        let mut exclude: Vec<&str> = Vec::new();
        exclude.extend(article.outlet.as_deref());
        exclude.extend(article.author.as_deref());
        for suggestion in suggest(names, &paragraphs, &exclude) {
            match seen.iter_mut().find(|(name, _)| *name == suggestion.name) {
                Some((_, articles)) => articles.push(index),
                None => seen.push((suggestion.name, vec![index])),
            }
        }
    }
    seen.retain(|(_, articles)| articles.len() >= 2);
    seen.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    seen
}
