//! The article's language by stop words, to spot a caption written in
//! another language than the body. A rough vote over six languages, never a
//! claim about a single short line on its own.

use super::text::{ends_with_any, word_count};

pub(super) fn is_foreign_caption(text: &str, language: Option<Language>) -> bool {
    let Some(language) = language else {
        return false;
    };
    if text.chars().count() > 200
        || word_count(text) < 3
        || ends_with_any(text, &['.', '!', '?', '…'])
    {
        return false;
    }
    let scores = language_scores(text);
    let own = scores[language as usize];
    let (best, best_score) = scores
        .iter()
        .enumerate()
        .max_by_key(|(_, score)| **score)
        .map(|(index, score)| (index, *score))
        .unwrap_or((0, 0));
    best != language as usize && best_score >= 2 && own * 3 < best_score
}

// Language, by stop words

/// The languages whose stop words are known, to spot a caption in another
/// language than the article's.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Language {
    English = 0,
    Spanish,
    Portuguese,
    French,
    German,
    Italian,
}

pub(super) const LANGUAGES: [Language; 6] = [
    Language::English,
    Language::Spanish,
    Language::Portuguese,
    Language::French,
    Language::German,
    Language::Italian,
];

#[rustfmt::skip]
pub(super) fn stop_words(language: Language) -> &'static [&'static str] {
    match language {
        Language::English => &[
            "the", "and", "of", "to", "in", "is", "was", "that", "for", "on", "with", "as", "by",
            "from", "at", "are", "his", "he", "it", "have", "has", "not", "this", "were", "said",
            "be", "an", "which", "who", "their", "they", "after", "against",
        ],
        Language::Spanish => &[
            "el", "la", "los", "las", "de", "del", "que", "y", "en", "por", "para", "con", "una",
            "un", "se", "su", "sus", "es", "al", "lo", "como", "más", "pero", "fue", "contra",
            "sobre", "este", "esta", "también", "ha", "tras",
        ],
        Language::Portuguese => &[
            "o", "os", "as", "do", "da", "dos", "das", "que", "e", "em", "no", "na", "nos", "por",
            "para", "com", "uma", "um", "se", "é", "foi", "não", "mais", "ao", "pelo", "pela",
            "sobre", "seu", "sua", "contra",
        ],
        Language::French => &[
            "le", "la", "les", "de", "des", "du", "et", "en", "un", "une", "est", "que", "qui",
            "dans", "pour", "sur", "au", "aux", "par", "pas", "ne", "avec", "ce", "cette", "il",
            "elle", "sont", "été", "contre",
        ],
        Language::German => &[
            "der", "die", "das", "und", "in", "den", "von", "zu", "mit", "ist", "im", "des", "dem",
            "nicht", "ein", "eine", "auf", "für", "sich", "auch", "es", "an", "als", "wird", "bei",
            "nach", "aus", "wurde", "sie", "hat", "gegen",
        ],
        Language::Italian => &[
            "il", "la", "di", "che", "e", "è", "del", "della", "in", "un", "una", "per", "con",
            "non", "si", "le", "gli", "dei", "da", "al", "nel", "sono", "ha", "come", "anche",
            "più", "alla", "questo", "lo", "contro",
        ],
    }
}

pub(super) fn language_scores(text: &str) -> [usize; 6] {
    let mut scores = [0; 6];
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        for language in LANGUAGES {
            if stop_words(language).contains(&word.as_str()) {
                scores[language as usize] += 1;
            }
        }
    }
    scores
}

/// The article's language, when the text gives enough evidence for it.
pub(super) fn dominant_language(text: &str) -> Option<Language> {
    let scores = language_scores(text);
    LANGUAGES
        .iter()
        .copied()
        .max_by_key(|language| scores[*language as usize])
        .filter(|language| scores[*language as usize] >= 10)
}

/// The body's language as an ISO 639-1 code, by whatlang's trigram model,
/// when the model is sure of it. Languages without a two-letter code in
/// the table are left for the editor.
pub(super) fn detect(paragraphs: &[String]) -> Option<String> {
    #[rustfmt::skip]
    const CODES: &[(whatlang::Lang, &str)] = &[
        (whatlang::Lang::Eng, "en"), (whatlang::Lang::Spa, "es"), (whatlang::Lang::Por, "pt"),
        (whatlang::Lang::Fra, "fr"), (whatlang::Lang::Deu, "de"), (whatlang::Lang::Ita, "it"),
        (whatlang::Lang::Nld, "nl"), (whatlang::Lang::Cat, "ca"), (whatlang::Lang::Rus, "ru"),
        (whatlang::Lang::Ukr, "uk"), (whatlang::Lang::Pol, "pl"), (whatlang::Lang::Tur, "tr"),
        (whatlang::Lang::Ara, "ar"), (whatlang::Lang::Cmn, "zh"), (whatlang::Lang::Jpn, "ja"),
    ];
    // A few thousand characters decide it; more only costs time.
    let mut sample = String::new();
    for paragraph in paragraphs {
        if sample.len() > 4000 {
            break;
        }
        sample.push_str(paragraph);
        sample.push('\n');
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    CODES
        .iter()
        .find(|(lang, _)| *lang == info.lang())
        .map(|(_, code)| code.to_string())
}
