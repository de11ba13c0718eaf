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
            // Characters XML 1.0 forbids are dropped rather than breaking the
            // feed (the loader warned where they were written).
            c if crate::forbidden::is_forbidden(c) => {}
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

/// The most URLs one sitemap file may list (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

/// The sitemap files: every HTML page written, by absolute URL, sorted.
///
/// Up to [`SITEMAP_LIMIT`] pages it is one `sitemap.xml`. Past it, the
/// protocol's limit, the pages go into `sitemap-1.xml`, `sitemap-2.xml`, …
/// and `sitemap.xml` becomes the index that lists them, so `robots.txt`
/// names the same file either way.
pub fn sitemaps<'a>(
    d: &Dossier,
    written: impl IntoIterator<Item = &'a str>,
) -> Vec<(String, String)> {
    split_sitemaps(&d.config.base_url, written, SITEMAP_LIMIT)
}

fn split_sitemaps<'a>(
    base_url: &str,
    written: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<(String, String)> {
    let mut pages: Vec<&str> = written
        .into_iter()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    pages.sort_unstable();
    let base = xml_escape(base_url);
    let urlset = |pages: &[&str]| {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for page in pages {
            let path = page.trim_end_matches("index.html");
            out.push_str(&format!(
                "  <url><loc>{base}{}</loc></url>\n",
                xml_escape(path)
            ));
        }
        out.push_str("</urlset>\n");
        out
    };
    if pages.len() <= limit {
        return vec![("sitemap.xml".to_string(), urlset(&pages))];
    }
    let mut files = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (n, chunk) in pages.chunks(limit).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!("  <sitemap><loc>{base}{name}</loc></sitemap>\n"));
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_string(), index));
    files
}

/// `/robots.txt`: everything allowed, the sitemap named.
pub fn robots(d: &Dossier) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        d.config.base_url
    )
}

#[cfg(test)]
mod tests {
    use super::split_sitemaps;

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index_of_files() {
        let written: Vec<String> = ["c/index.html", "a/index.html", "b/index.html", "style.css"]
            .map(String::from)
            .to_vec();
        let one = split_sitemaps("https://x.org/", written.iter().map(String::as_str), 3);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        assert!(one[0].1.contains("<loc>https://x.org/a/</loc>"));
        assert!(!one[0].1.contains("style.css"));

        let split = split_sitemaps("https://x.org/", written.iter().map(String::as_str), 2);
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        assert!(split[0].1.contains("<sitemapindex"));
        assert!(split[0]
            .1
            .contains("<loc>https://x.org/sitemap-2.xml</loc>"));
        assert!(split[1].1.contains("/a/</loc>") && split[1].1.contains("/b/</loc>"));
        assert!(split[2].1.contains("/c/</loc>") && !split[2].1.contains("/a/</loc>"));
    }
}
