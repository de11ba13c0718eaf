//! Publisher boilerplate: the lines a page wraps around an article
//! (newsletter, share, comment, login, advertisement, related links, …),
//! recognised on a lower-cased matching key with word limits so that prose
//! quoting such a phrase is kept. Never decides on headlines or dates.

use super::bylines::{date_line, is_byline};
use super::credits::is_reporting_credit;
use super::phrases;
use super::text::{
    bare, ends_with_any, is_blankish, is_url_like, match_key, starts_upper, word_count,
};
use super::Trailer;

// Publisher boilerplate

/// A boilerplate rule that matched, and whether the lines after it are links.
pub(super) struct BoilerplateMatch {
    pub(super) rule: &'static str,
    pub(super) opens: Trailer,
}

/// The other words of a share bar: "Share on Facebook", "Compartir en X".
#[rustfmt::skip]
pub(super) const SHARE_WORDS: &[&str] = &[
    "share", "on", "via", "by", "this", "article", "story", "tweet", "compartir", "en", "por",
    "partager", "sur", "teilen", "auf", "and", "or", "condividi", "su",
];

/// Social networks, for share and follow prompts.
#[rustfmt::skip]
pub(super) const NETWORKS: &[&str] = &[
    "facebook", "twitter", "x", "instagram", "telegram", "whatsapp", "youtube", "tiktok", "threads",
    "linkedin", "bluesky", "mastodon", "reddit", "pinterest", "flipboard", "email", "e-mail",
    "mail", "print", "copy", "link", "messenger", "snapchat", "google", "news", "rss",
];

#[rustfmt::skip]
pub(super) const TRACKING: &[&str] = &[
    "tracking", "tracking pixel", "tracking code", "pixel", "beacon", "img", "image", "null",
    "undefined", "loading", "loading...", "please enable javascript", "javascript is disabled",
    "iframe", "embed", "script", "noscript",
];

pub(super) fn boilerplate_rule(text: &str) -> Option<BoilerplateMatch> {
    let key = match_key(text);
    let bare = bare(&key);
    let words = word_count(&key);
    let plain = |rule| {
        Some(BoilerplateMatch {
            rule,
            opens: Trailer::None,
        })
    };
    if key.chars().count() > 600 {
        return None;
    }
    if is_tracking_residue(text, &key, bare) {
        return plain("tracking residue");
    }
    // Above the headline, with the time it lifts (not the publication
    // date); "Embargoed shipments left…" is prose and has no time.
    if words <= 25
        && phrases::starts(|p| p.embargo, &key)
        && key.chars().any(|c| c.is_ascii_digit())
        && !ends_with_any(text, &['.', '!', '?'])
    {
        return plain("embargo note");
    }
    if words <= 40
        && (text.contains('©')
            || key.contains("all rights reserved")
            || key.contains("todos los derechos reservados")
            || key.contains("tous droits réservés")
            || key.contains("todos os direitos reservados")
            || key.contains("alle rechte vorbehalten")
            || key.contains("tutti i diritti riservati")
            || [
                "copyright ©",
                "copyright (c)",
                "copyright 19",
                "copyright 20",
            ]
            .iter()
            .any(|p| key.starts_with(p))
            || key.starts_with("(c) 20")
            || key.starts_with("(c) 19"))
    {
        return plain("copyright notice");
    }
    if is_cookie_notice(&key, bare, words) {
        return plain("cookie notice");
    }
    if is_follow_prompt(&key, words) {
        return plain("social follow prompt");
    }
    if key.contains("having issues with commenting")
        || phrases::is_line(|p| p.comments, bare)
        || is_comment_counter(bare)
    {
        return plain("comments prompt");
    }
    if words <= 15 && phrases::starts(|p| p.login, &key) {
        return plain("login prompt");
    }
    if is_newsletter_prompt(&key, bare, words) {
        // A bare "Newsletter" heading names the newsletter on the next line.
        let opens = if phrases::is_line(|p| p.newsletter_lines, bare) {
            Trailer::Single("newsletter prompt")
        } else {
            Trailer::None
        };
        return Some(BoilerplateMatch {
            rule: "newsletter prompt",
            opens,
        });
    }
    if phrases::is_line(|p| p.share, bare)
        || (key.starts_with("share this") && words <= 8)
        || (words > 0
            && key
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .any(|w| NETWORKS.contains(&w))
            && words <= 10
            && key
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|w| !w.is_empty())
                .all(|w| NETWORKS.contains(&w) || SHARE_WORDS.contains(&w)))
    {
        return plain("share prompt");
    }
    if phrases::is_line(|p| p.related, bare) {
        return Some(BoilerplateMatch {
            rule: "related links section",
            opens: Trailer::Section,
        });
    }
    if words <= 30 && phrases::starts(|p| p.read_more, &key) {
        // A bare heading announces the link on the next line.
        let rest = phrases::all(|p| p.read_more)
            .filter_map(|p| key.strip_prefix(p))
            .map(|rest| rest.trim_matches(|c: char| !c.is_alphanumeric()))
            .min_by_key(|rest| rest.len())
            .unwrap_or("");
        let opens = if rest.is_empty() || rest == "about" {
            Trailer::Single("read-more link")
        } else {
            Trailer::None
        };
        return Some(BoilerplateMatch {
            rule: "read-more link",
            opens,
        });
    }
    let advert_tail = key
        .strip_prefix("advertisement")
        .map(|rest| rest.trim_matches(|c: char| !c.is_alphanumeric()));
    if phrases::is_line(|p| p.advertisement, bare)
        || advert_tail.is_some_and(|rest| {
            words <= 8
                && (rest.is_empty()
                    || ["scroll", "continue", "story", "article"]
                        .iter()
                        .any(|w| rest.contains(w)))
        })
    {
        return plain("advertisement");
    }
    if words <= 40 && phrases::starts(|p| p.click, &key) {
        return plain("click prompt");
    }
    if phrases::is_line(|p| p.subscription, bare)
        || (key.starts_with("subscribe to ") && words <= 25)
        || key.starts_with("already a subscriber")
        || (key.starts_with("support independent journalism") && words <= 30)
        || (words <= 30
            && (key.contains("to continue reading")
                || key.contains("this article is for subscribers")
                || key.contains("exclusive to subscribers")))
    {
        return plain("subscription prompt");
    }
    if is_reporting_credit(&key, bare, words) {
        return plain("reporting credits");
    }
    if is_byline(text, &key, bare, words) {
        return plain("byline");
    }
    if words <= 40 && phrases::starts(|p| p.tags, &key) && !ends_with_any(text, &['.', '!', '?']) {
        return plain("tag list");
    }
    if phrases::is_line(|p| p.navigation, bare) || is_breadcrumb(text) && date_line(text).is_none()
    {
        return plain("navigation");
    }
    if phrases::is_line(|p| p.kickers, bare) {
        return plain("section label");
    }
    if words <= 20
        && (key.starts_with("watch:") || key.starts_with("video:") || key.starts_with("listen:"))
    {
        return plain("media player residue");
    }
    if is_reading_time(bare) {
        return plain("reading time");
    }
    if phrases::is_line(|p| p.media, bare)
        || key.starts_with("listen to this article")
        || is_duration(bare)
    {
        return plain("media player residue");
    }
    None
}

/// "4 min read", "Lecture 3 min.", "Tiempo de lectura: 5 minutos".
pub(super) fn is_reading_time(bare: &str) -> bool {
    let words: Vec<&str> = bare
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let minutes = [
        "min", "mins", "minute", "minutes", "minutos", "minuten", "minuti", "minutas",
    ];
    let reading = [
        "read", "reading", "lecture", "lectura", "leitura", "lesezeit", "lettura",
    ];
    words.len() <= 6
        && words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
        && words.iter().any(|w| minutes.contains(w))
        && words.iter().any(|w| reading.contains(w))
}

/// "3 comments", "Comentarios (12)", "💬 4 comentários": a number and a
/// comment noun, nothing else.
fn is_comment_counter(bare: &str) -> bool {
    let words: Vec<&str> = bare
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.len() == 2
        && words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
        && words
            .iter()
            .any(|w| phrases::is_line(|p| p.comment_nouns, w))
}

pub(super) fn is_duration(bare: &str) -> bool {
    bare.contains(':') && bare.chars().all(|c| c.is_ascii_digit() || c == ':') && bare.len() <= 8
}

#[rustfmt::skip]
pub(super) const MARKUP_SIGNALS: &[&str] = &[
    "<div", "</", "<img", "<script", "{\"", "function(", "=>", "&nbsp;", "src=", "href=",
    "@context",
];

/// `utm_source=newsletter&utm_medium=email`: the query string of a
/// tracked link, pasted without its address.
pub(super) fn is_query_string(token: &str) -> bool {
    let token = token.trim_start_matches(['?', '&']);
    let pairs: Vec<&str> = token.split('&').collect();
    pairs.len() >= 2
        && pairs.iter().all(|pair| {
            pair.split_once('=').is_some_and(|(key, _)| {
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
        })
}

pub(super) fn is_tracking_residue(text: &str, key: &str, bare: &str) -> bool {
    if TRACKING.contains(&bare) || key.contains("your browser does not support") {
        return true;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() == 1 && (is_url_like(tokens[0]) || is_query_string(tokens[0])) {
        return true;
    }
    if MARKUP_SIGNALS.iter().any(|signal| key.contains(signal)) {
        return true;
    }
    // Symbol soup: too many characters that prose does not use.
    let visible: Vec<char> = text.chars().filter(|c| !is_blankish(*c)).collect();
    let symbols = visible
        .iter()
        .filter(|c| {
            matches!(
                c,
                '{' | '}'
                    | '<'
                    | '>'
                    | '='
                    | '\\'
                    | '|'
                    | '#'
                    | '@'
                    | '*'
                    | '_'
                    | '^'
                    | '~'
                    | '['
                    | ']'
                    | '&'
                    | '$'
                    | '+'
                    | '/'
            )
        })
        .count();
    visible.len() >= 4 && symbols * 4 >= visible.len()
}

#[rustfmt::skip]
pub(super) const COOKIE_SIGNALS: &[&str] = &[
    "accept", "consent", "we use", "this site uses", "this website uses", "policy", "settings",
    "preferences", "usamos", "utilizamos", "aceptar", "acepta", "navegación", "utilise",
    "verwendet",
];

pub(super) fn is_cookie_notice(key: &str, bare: &str, words: usize) -> bool {
    #[rustfmt::skip]
    const BUTTONS: &[&str] = &[
        "accept all", "reject all", "accept", "accept cookies", "manage preferences",
        "manage cookies", "cookie settings", "cookie preferences", "cookie policy", "aceptar",
        "aceptar todo", "aceptar cookies", "rechazar", "configurar cookies", "tout accepter",
        "alle akzeptieren",
    ];
    BUTTONS.contains(&bare)
        || (words <= 80 && key.contains("cookie") && COOKIE_SIGNALS.iter().any(|w| key.contains(w)))
}

#[rustfmt::skip]
pub(super) const FOLLOW_NETWORKS: &[&str] = &[
    "facebook", "twitter", "x", "instagram", "telegram", "whatsapp", "youtube", "tiktok", "threads",
    "linkedin", "bluesky", "mastodon", "rss",
];

pub(super) fn is_follow_prompt(key: &str, words: usize) -> bool {
    if words > 30 {
        return false;
    }
    #[rustfmt::skip]
    let own_language = [
        "síguenos", "siguenos", "sigue a ", "suivez-nous", "suivez nous", "siga-nos", "siga nos",
        "folgen sie uns", "folge uns", "seguici", "únete a nuestro canal", "unete a nuestro canal",
        "join our channel", "join us on",
    ];
    if own_language.iter().any(|p| key.starts_with(p)) {
        return true;
    }
    #[rustfmt::skip]
    let opener = [
        "follow ", "like us on", "find us on", "connect with us", "join us on", "sigue ", "siga ",
        "suivez ", "folgen sie ", "segui ",
    ];
    let names_network = key
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| FOLLOW_NETWORKS.contains(&w))
        || key.contains(" @")
        || key.starts_with("follow @")
        || key.contains("social media")
        || key.contains("redes sociales")
        || key.contains("google news");
    opener.iter().any(|p| key.starts_with(p)) && names_network
}

pub(super) fn is_newsletter_prompt(key: &str, bare: &str, words: usize) -> bool {
    if phrases::is_line(|p| p.newsletter_lines, bare) {
        return true;
    }
    if words > 45 {
        return false;
    }
    let about_newsletter = phrases::all(|p| p.newsletter_names).any(|w| key.contains(w));
    let asks = phrases::all(|p| p.newsletter_asks).any(|w| key.contains(w));
    (about_newsletter && asks)
        || key.starts_with("sign up for")
        || key.starts_with("sign up to")
        || key.starts_with("enter your email")
}

/// "Home > World > Americas", "News | Latin America".
pub(super) fn is_breadcrumb(text: &str) -> bool {
    let separators = ['>', '›', '»', '|'];
    if !text.contains(separators) || ends_with_any(text, &['.', '!', '?']) || word_count(text) > 12
    {
        return false;
    }
    let segments: Vec<&str> = text.split(separators).map(str::trim).collect();
    segments.len() >= 2
        && segments.iter().all(|segment| {
            !segment.is_empty()
                && word_count(segment) <= 3
                && segment.split_whitespace().all(starts_upper)
        })
}
