//! Names that two or more entities share: never linked, and reported once
//! each with the first places a body uses them.

use crate::body::RenderedBody;
use crate::diagnostics::Diagnostic;
use crate::dossier::Dossier;
use crate::names::matcher::fold;
use crate::names::NameTable;

/// One warning per name that two or more entities share and a body used,
/// with the first places it occurs (the rest are counted).
pub fn ambiguity_warnings(
    dossier: &Dossier,
    names: &NameTable,
    bodies: &[RenderedBody],
) -> Vec<Diagnostic> {
    /// How many places a warning names; the rest are counted.
    const SHOWN: usize = 5;
    // Folded name → (the first spelling seen, the first places it occurs,
    // how many places in all).
    let mut places: std::collections::BTreeMap<String, (String, Vec<String>, usize)> =
        Default::default();
    for (source, body) in dossier.sources().zip(bodies) {
        let file = &dossier.source(source).file;
        for hit in &body.ambiguous {
            let (_, shown, count) = places
                .entry(fold(&hit.name).text)
                .or_insert_with(|| (hit.name.clone(), Vec::new(), 0));
            if shown.len() < SHOWN {
                shown.push(format!("{}:{}", file.display(), hit.line));
            }
            *count += 1;
        }
    }
    let shared: std::collections::HashMap<String, Vec<String>> =
        names.ambiguous_names(dossier).into_iter().collect();
    let mut warnings = Vec::new();
    for (folded, (name, shown, count)) in places {
        let owners = shared
            .get(&folded)
            .map(|o| o.join(", "))
            .unwrap_or_default();
        let more = if count > shown.len() {
            format!(" and {} more", count - shown.len())
        } else {
            String::new()
        };
        warnings.push(
            Diagnostic::warning(format!(
                "ambiguous name `{name}` ({owners}) is not linked; it occurs at {}{more}",
                shown.join(", ")
            ))
            .hint(names.wikilink_hint(dossier, &folded)),
        );
    }
    warnings
}
