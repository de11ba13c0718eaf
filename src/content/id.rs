//! Ids and slugs.
//!
//! An id is lowercase ASCII `a-z0-9` and `-` (SPEC §1). [`slugify`] folds any
//! text into one (`González.md` → `gonzalez`, `Ana Núñez` → `ana-nunez`), so
//! error messages can name the id a file should have and `dossier new` can
//! name files. The same function makes heading anchors and tag slugs.

/// Whether `id` is a valid id: non-empty, `a-z0-9-`, no leading, trailing or doubled `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// Folds `text` into a valid id, or an empty string when nothing of it
/// survives. Letters of any script are transliterated to ASCII first
/// (deunicode), so `Núñez` gives `nunez` and `北京` gives `bei-jing`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in deunicode::deunicode(text).chars() {
        if c == '\'' {
            // "Maduro's" → "maduros", not "maduro-s".
            continue;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_names_into_ids() {
        assert_eq!(slugify("González"), "gonzalez");
        assert_eq!(slugify("Ana Núñez"), "ana-nunez");
        assert_eq!(slugify("  Plaza Manco Cápac!  "), "plaza-manco-capac");
        assert_eq!(slugify("Straße"), "strasse");
        assert_eq!(slugify("北京"), "bei-jing");
        assert_eq!(slugify("Maduro’s"), "maduros");
        assert_eq!(slugify("¿?!"), "");
        assert!(is_valid_id("nicolas-maduro"));
        assert!(!is_valid_id("Nicolas"));
        assert!(!is_valid_id("a--b"));
        assert!(!is_valid_id(""));
    }

    proptest! {
        #[test]
        fn slugs_are_valid_and_stable(text in "\\PC{0,40}") {
            let slug = slugify(&text);
            prop_assert!(slug.is_empty() || is_valid_id(&slug), "{slug:?}");
            prop_assert_eq!(slugify(&slug), slug.clone());
        }
    }
}
