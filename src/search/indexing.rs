//! The [`Sink`] in front of the output that reads each searchable page for
//! the index as the renderer writes it, so nothing is read back from disk.

use super::{extract, Document, BODY_MARK};
use crate::output::Sink;

/// A [`Sink`] in front of another that keeps the searchable text of each
/// marked HTML page as it passes, for [`write_index`]. Only whole pages
/// (`write`) are read: files streamed with `write_with` (the print edition,
/// which repeats every page, and `dossier.json`) never are.
pub struct Indexing<'a> {
    inner: &'a dyn Sink,
    /// `base_url`'s path, which every page's URL starts with.
    base_path: &'a str,
    documents: std::sync::Mutex<Vec<Document>>,
}

impl<'a> Indexing<'a> {
    pub fn new(inner: &'a dyn Sink, base_path: &'a str) -> Indexing<'a> {
        Indexing {
            inner,
            base_path,
            documents: Default::default(),
        }
    }

    /// The documents of every marked page written.
    pub fn into_documents(self) -> Vec<Document> {
        self.documents
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The searchable part of `bytes`, if it is a marked HTML page.
    fn document(&self, rel: &str, bytes: &[u8]) -> Option<Document> {
        if !rel.ends_with(".html") || memchr::memmem::find(bytes, BODY_MARK.as_bytes()).is_none() {
            return None;
        }
        let html = std::str::from_utf8(bytes).ok()?;
        // `people/x/index.html` is served at `<base>people/x/`.
        let url = format!(
            "{}{}",
            self.base_path,
            rel.strip_suffix("index.html").unwrap_or(rel)
        );
        extract(html, &url)
    }
}

impl Sink for Indexing<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write(rel, bytes)?;
        if let Some(document) = self.document(rel, bytes) {
            self.documents
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(document);
        }
        Ok(())
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.inner.write_with(rel, fill)
    }
}

