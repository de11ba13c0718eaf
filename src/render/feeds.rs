//! The Atom feed, the sitemap and robots.txt.
//!
//! These are XML and text for machines, so they are written here rather
//! than by templates; every URL in them is absolute (SPEC §5) and every text
//! XML-escaped.

use crate::dossier::{Dossier, SourceRef};

/// How many articles the feed carries, newest first.
pub const FEED_LENGTH: usize = 50;

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than breaking the feed.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn absolute(d: &Dossier, path: &str) -> String {
    let c = &d.config;
    format!(
        "{}{}",
        c.base_url,
        path.strip_prefix(&c.base_path).unwrap_or(path)
    )
}

/// `/atom.xml`: the newest articles.
pub fn atom(d: &Dossier) -> String {
    let c = &d.config;
    let updated = d
        .articles
        .iter()
        .map(|a| a.updated.as_ref().unwrap_or(&a.date))
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |date| date.rfc3339());
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&c.language)
    ));
    out.push_str(&format!("  <title>{}</title>\n", xml_escape(&c.title)));
    if let Some(description) = &c.description {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            xml_escape(description)
        ));
    }
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}atom.xml\"/>\n",
        xml_escape(&c.base_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&c.base_url)
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml_escape(&c.base_url)));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str("  <generator>dossier</generator>\n");
    for (i, a) in d.articles.iter().enumerate().take(FEED_LENGTH) {
        let url = xml_escape(&absolute(d, &d.path_of(SourceRef::Article(i))));
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(&a.title)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"
        ));
        out.push_str(&format!("    <id>{url}</id>\n"));
        out.push_str(&format!(
            "    <published>{}</published>\n",
            a.date.rfc3339()
        ));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            a.updated.as_ref().unwrap_or(&a.date).rfc3339()
        ));
        let author = a
            .author
            .as_deref()
            .or(a.outlet.as_deref())
            .unwrap_or(&c.title);
        out.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            xml_escape(author)
        ));
        if let Some(summary) = &a.summary {
            out.push_str(&format!("    <summary>{}</summary>\n", xml_escape(summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// `/sitemap.xml`: every HTML page written, by absolute URL.
pub fn sitemap(d: &Dossier, written: &[String]) -> String {
    let mut pages: Vec<&String> = written
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    pages.sort();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in pages {
        let path = page.trim_end_matches("index.html");
        out.push_str(&format!(
            "  <url><loc>{}{}</loc></url>\n",
            xml_escape(&d.config.base_url),
            xml_escape(path)
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// `/robots.txt`: everything allowed, the sitemap named.
pub fn robots(d: &Dossier) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        d.config.base_url
    )
}
