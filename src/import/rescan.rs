//! `dossier import --rescan`: entities created after an article was
//! imported are added to its front-matter lists.
//!
//! Only the list lines of the front-matter change (`people: [a, b]` gains
//! an id, or a missing list is added before the closing `---`); the body
//! and every other line stay byte for byte. Nothing here touches the file
//! system: [`add_ids`] turns a file's text into its new text.

use crate::content::frontmatter;
use crate::content::Kind;

/// One changed front-matter line, for the editor to review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChange {
    /// The line before, or None for an added line.
    pub before: Option<String>,
    pub after: String,
}

/// The ids each kind's list already holds in `yaml`.
pub fn listed(yaml: &str, kind: Kind) -> Vec<String> {
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(yaml) else {
        return Vec::new();
    };
    value
        .get(kind.folder())
        .and_then(|list| list.as_sequence())
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// `text` with `ids` added to each kind's front-matter list, and the lines
/// that changed; None when nothing is missing or the lists are written in a
/// shape this edit does not rewrite (a block list, a comment on the line).
pub fn add_ids(text: &str, ids: &[(Kind, Vec<String>)]) -> Option<(String, Vec<LineChange>)> {
    let split = frontmatter::split(text).ok()?;
    let yaml_start = text.find('\n')? + 1;
    let yaml_end = yaml_start + split.yaml.len();
    let mut lines: Vec<String> = split.yaml.lines().map(str::to_string).collect();
    let mut changes = Vec::new();
    for (kind, new_ids) in ids {
        let have = listed(split.yaml, *kind);
        let missing: Vec<&String> = new_ids.iter().filter(|id| !have.contains(id)).collect();
        if missing.is_empty() {
            continue;
        }
        let key = format!("{}:", kind.folder());
        let found = lines.iter().position(|line| line.starts_with(&key));
        match found {
            Some(at) => {
                let rest = lines[at][key.len()..].trim();
                let inner = rest.strip_prefix('[')?.strip_suffix(']')?;
                let mut items: Vec<String> = inner
                    .split(',')
                    .map(str::trim)
                    .filter(|i| !i.is_empty())
                    .map(str::to_string)
                    .collect();
                items.extend(missing.iter().map(|id| id.to_string()));
                let after = format!("{key} [{}]", items.join(", "));
                changes.push(LineChange {
                    before: Some(lines[at].clone()),
                    after: after.clone(),
                });
                lines[at] = after;
            }
            None => {
                let ids: Vec<&str> = missing.iter().map(|id| id.as_str()).collect();
                let after = format!("{key} [{}]", ids.join(", "));
                changes.push(LineChange {
                    before: None,
                    after: after.clone(),
                });
                lines.push(after);
            }
        }
    }
    if changes.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..yaml_start]);
    for line in &lines {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&text[yaml_end..]);
    Some((out, changes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_joins_its_list_and_the_body_stays() {
        let text = "---\ntitle: \"T\"\npeople: [ana]\n---\nBody *as* it was.\n\nSecond.\n";
        let (out, changes) = add_ids(
            text,
            &[
                (Kind::Person, vec!["ana".into(), "luis".into()]),
                (Kind::Place, vec!["lima".into()]),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "---\ntitle: \"T\"\npeople: [ana, luis]\nplaces: [lima]\n---\nBody *as* it was.\n\nSecond.\n"
        );
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].before.as_deref(), Some("people: [ana]"));
        assert!(add_ids(&out, &[(Kind::Person, vec!["ana".into()])]).is_none());
    }

    #[test]
    fn a_block_list_is_left_for_the_editor() {
        let text = "---\ntitle: T\npeople:\n  - ana\n---\nBody.\n";
        assert!(add_ids(text, &[(Kind::Person, vec!["luis".into()])]).is_none());
    }
}
