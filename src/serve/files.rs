//! Mapping a request path to a file inside the output folder, and nowhere
//! else.
//!
//! The request path is percent-decoded once, then split on `/`; a segment
//! that is `..`, holds a backslash, a NUL or a drive colon, or is hidden
//! makes the request a 404 rather than being "normalized", because no link
//! the site makes looks like that. The file found is canonicalized and must
//! still lie inside the (canonical) output folder, which stops symbolic
//! links planted in it. Nothing here writes or lists anything.

use std::path::{Component, Path, PathBuf};

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Located {
    /// A file inside the output folder.
    File(PathBuf),
    /// Send the browser here instead (an absolute path, already encoded).
    Redirect(String),
    /// Nothing the site serves.
    NotFound,
}

/// Finds the file for the raw (still percent-encoded) `path` of a request,
/// for a site living under `prefix` (`/` or `/path/`) in `output`, which
/// must be canonical.
pub fn locate(output: &Path, prefix: &str, path: &str) -> Located {
    let Some(decoded) = percent_decode(path) else {
        return Located::NotFound;
    };
    let decoded_prefix = percent_decode(prefix).unwrap_or_else(|| prefix.to_string());
    if decoded_prefix != "/" && (decoded == "/" || decoded == decoded_prefix.trim_end_matches('/'))
    {
        return Located::Redirect(prefix.to_string());
    }
    let Some(inner) = decoded.strip_prefix(decoded_prefix.as_str()) else {
        return Located::NotFound;
    };
    let mut segments = Vec::new();
    for segment in inner.split('/') {
        if segment.is_empty() || segment == "." {
            continue;
        }
        if !is_safe_segment(segment) {
            return Located::NotFound;
        }
        segments.push(segment);
    }
    let mut candidate = output.to_path_buf();
    candidate.extend(&segments);
    let Ok(meta) = std::fs::metadata(&candidate) else {
        return Located::NotFound;
    };
    if meta.is_dir() {
        if !decoded.ends_with('/') {
            // Built from the checked segments, never from the raw path, so
            // `//evil.example/` cannot become an off-site redirect.
            let mut to = prefix.to_string();
            for segment in &segments {
                to.push_str(&percent_encode(segment));
                to.push('/');
            }
            return Located::Redirect(to);
        }
        candidate.push("index.html");
    }
    inside(output, &candidate)
}

/// The site's own `404.html`, if it has one inside the output.
pub fn not_found_page(output: &Path) -> Option<PathBuf> {
    match inside(output, &output.join("404.html")) {
        Located::File(path) => Some(path),
        _ => None,
    }
}

/// `candidate` if it is a file whose real path is inside `output`.
fn inside(output: &Path, candidate: &Path) -> Located {
    match candidate.canonicalize() {
        Ok(real) if real.starts_with(output) && real.is_file() => Located::File(real),
        _ => Located::NotFound,
    }
}

fn is_safe_segment(segment: &str) -> bool {
    !segment.starts_with('.')
        && !segment.contains(['\\', '\0', ':'])
        && matches!(
            Path::new(segment)
                .components()
                .collect::<Vec<_>>()
                .as_slice(),
            [Component::Normal(_)]
        )
}

/// Decodes `%XX` escapes; `None` for a broken escape or text that is not
/// UTF-8 once decoded.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Escapes everything but unreserved characters, for one path segment.
pub fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `Content-Type` for a file, from its name.
pub fn content_type(path: &Path) -> String {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let known = match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        "txt" | "md" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        // The search index's word lists are binary and must not be
        // sniffed or transcoded on the way.
        "bin" => "application/octet-stream",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    mime_guess::from_path(path)
        .first()
        .map(|m| m.essence_str().to_string())
        .unwrap_or_else(|| "application/octet-stream".to_string())
}

/// Whether a content type is HTML, which gets the live-reload script.
pub fn is_html(content_type: &str) -> bool {
    content_type.starts_with("text/html")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().canonicalize().unwrap().join("site");
        std::fs::create_dir_all(out.join("articles/a")).unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        std::fs::write(out.join("articles/a/index.html"), "a").unwrap();
        std::fs::write(out.join("dossier.css"), "css").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        (tmp, out)
    }

    #[test]
    fn serves_files_and_directory_indexes() {
        let (_tmp, out) = site();
        assert_eq!(
            locate(&out, "/", "/"),
            Located::File(out.join("index.html"))
        );
        assert_eq!(
            locate(&out, "/", "/dossier.css"),
            Located::File(out.join("dossier.css"))
        );
        assert_eq!(
            locate(&out, "/", "/articles/a/"),
            Located::File(out.join("articles/a/index.html"))
        );
        assert_eq!(
            locate(&out, "/", "/articles/a"),
            Located::Redirect("/articles/a/".into())
        );
        assert_eq!(locate(&out, "/", "/nope"), Located::NotFound);
    }

    #[test]
    fn serves_under_the_base_url_path() {
        let (_tmp, out) = site();
        assert_eq!(locate(&out, "/d/", "/"), Located::Redirect("/d/".into()));
        assert_eq!(locate(&out, "/d/", "/d"), Located::Redirect("/d/".into()));
        assert_eq!(
            locate(&out, "/d/", "/d/"),
            Located::File(out.join("index.html"))
        );
        assert_eq!(
            locate(&out, "/d/", "/d/articles/a"),
            Located::Redirect("/d/articles/a/".into())
        );
        assert_eq!(locate(&out, "/d/", "/dossier.css"), Located::NotFound);
    }

    #[test]
    fn never_leaves_the_output() {
        let (_tmp, out) = site();
        for path in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/articles/..\\..\\secret.txt",
            "/articles/%5c..%5c..%5csecret.txt",
            "/%00",
            "/index.html%00.css",
            "/.dossier-output",
            "/C:/secret.txt",
            "/%zz",
            "/%c3",
        ] {
            assert_eq!(locate(&out, "/", path), Located::NotFound, "{path}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                out.parent().unwrap().join("secret.txt"),
                out.join("link.txt"),
            )
            .unwrap();
            assert_eq!(locate(&out, "/", "/link.txt"), Located::NotFound);
        }
    }

    #[test]
    fn redirects_stay_on_site() {
        let (_tmp, out) = site();
        assert_eq!(
            locate(&out, "/", "//articles/a"),
            Located::Redirect("/articles/a/".into())
        );
    }

    #[test]
    fn knows_the_content_types_a_site_uses() {
        for (name, wanted) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("dossier.json", "application/json"),
            ("atom.xml", "application/xml"),
            ("a.svg", "image/svg+xml"),
            ("a.PNG", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("a.woff2", "font/woff2"),
            ("a.wasm", "application/wasm"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("search-index/terms/12.bin", "application/octet-stream"),
            ("search-index/pages/3.json", "application/json"),
            ("noextension", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), wanted, "{name}");
        }
    }
}
