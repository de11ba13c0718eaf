//! Writes the index of the extracted pages through a [`Sink`]: term files
//! per language, the page list, the passages, and `meta.json` (the format
//! is in the module above). It writes nothing but through the sink.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{
    weight, Counts, Document, Passages, SearchIndex, BUNDLE_DIR, CHUNK_PAGES, TERM_BYTES,
    TERM_BYTES_LEAST, TEXT_BYTES,
};
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;

/// One page holding a word: its number and the word's counts and passages
/// there.
type Posting = (u32, Counts, Passages);

/// The words of a range of pages of one language, as one thread collects
/// them.
#[derive(Default)]
struct Words {
    postings: FxHashMap<Box<str>, Vec<Posting>>,
}

impl Words {
    /// The words of `docs`, the pages numbered `pages`.
    fn of(docs: &[(u32, &Document)]) -> Words {
        let mut words = Words::default();
        for &(page, doc) in docs {
            // Each word comes once per page, with its counts.
            for (word, counts, passages) in doc.words.iter() {
                match words.postings.get_mut(word) {
                    Some(list) => list.push((page, counts, passages)),
                    None => {
                        words
                            .postings
                            .insert(word.into(), vec![(page, counts, passages)]);
                    }
                }
            }
        }
        words
    }

    /// The words of two ranges of pages, `self`'s before `other`'s.
    fn merge(mut self, other: Words) -> Words {
        for (word, list) in other.postings {
            match self.postings.get_mut(&word) {
                Some(mine) => mine.extend(list),
                None => {
                    self.postings.insert(word, list);
                }
            }
        }
        self
    }
}

/// Appends `n` to `out` as an unsigned LEB128 number.
fn varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// `bytes` compressed with gzip, as a server sends them with
/// `Content-Encoding: gzip`.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        flate2::Compression::default(),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The order of the pages in the index: by kind, then year, then URL, so
/// a kind or a year is a range of page numbers.
fn order(a: &Document, b: &Document) -> std::cmp::Ordering {
    (&a.kind, a.year, &a.url).cmp(&(&b.kind, b.year, &b.url))
}

/// Ranges of consecutive pages sharing `key`, as `[key…, first, count]`.
fn ranges<K: PartialEq + Clone>(
    docs: &[Document],
    key: impl Fn(&Document) -> Option<K>,
) -> Vec<(K, usize, usize)> {
    let mut out: Vec<(K, usize, usize)> = Vec::new();
    for (n, doc) in docs.iter().enumerate() {
        let Some(k) = key(doc) else { continue };
        match out.last_mut() {
            Some((last, first, count)) if *last == k && *first + *count == n => *count += 1,
            _ => out.push((k, n, 1)),
        }
    }
    out
}

/// Builds the index of `docs` and writes it under [`BUNDLE_DIR`].
pub fn write_index(
    config: &SiteConfig,
    sink: &dyn Sink,
    mut docs: Vec<Document>,
) -> Result<SearchIndex, Diagnostic> {
    docs.sort_unstable_by(|a, b| a.url.cmp(&b.url));
    docs.dedup_by(|a, b| a.url == b.url);
    docs.sort_by(order);
    let fallback = super::primary_language(&config.language);
    let lang_of = |d: &Document| {
        if d.lang.is_empty() {
            fallback.clone()
        } else {
            d.lang.clone()
        }
    };
    let average = (docs
        .iter()
        .map(|d| f64::from(d.words.length().0))
        .sum::<f64>()
        / docs.len().max(1) as f64)
        .max(1.0);
    let failed = |rel: &str, e: std::io::Error| {
        Diagnostic::error(format!("search: cannot write {BUNDLE_DIR}/{rel}: {e}"))
    };
    let precompress = config.build.precompress;
    let gzipped = std::sync::atomic::AtomicUsize::new(0);
    let write = |rel: String, bytes: &[u8]| {
        sink.write(&format!("{BUNDLE_DIR}/{rel}"), bytes)
            .map_err(|e| failed(&rel, e))?;
        if precompress {
            let gz = format!("{rel}.gz");
            sink.write(&format!("{BUNDLE_DIR}/{gz}"), &gzip(bytes))
                .map_err(|e| failed(&gz, e))?;
            gzipped.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    };

    // The pages of each language, in page order.
    let mut languages: Vec<(String, Vec<(u32, &Document)>)> = Vec::new();
    for (n, doc) in docs.iter().enumerate() {
        let lang = lang_of(doc);
        match languages.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, pages)) => pages.push((n as u32, doc)),
            None => languages.push((lang, vec![(n as u32, doc)])),
        }
    }
    languages.sort_by(|a, b| a.0.cmp(&b.0));

    let mut files = 0;
    let mut distinct = 0;
    let mut meta_languages = serde_json::Map::new();
    for (lang, pages) in &languages {
        // A few runs of pages per thread, each counted alone and then
        // merged in order, so every word's pages stay in increasing order.
        let run = pages
            .len()
            .div_ceil(4 * rayon::current_num_threads())
            .max(64);
        let words = pages
            .par_chunks(run)
            .map(Words::of)
            .reduce(Words::default, Words::merge);
        let mut entries: Vec<(Box<str>, Vec<Posting>)> = words.postings.into_iter().collect();
        entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        distinct += entries.len();
        let stemmer = super::stemmer(lang);
        // Each word's record, in parallel, then cut into files in order.
        let records: Vec<Vec<u8>> = entries
            .par_iter()
            .map(|(word, list)| {
                let mut out = Vec::with_capacity(8 + list.len() * 4);
                varint(&mut out, word.len() as u64);
                out.extend_from_slice(word.as_bytes());
                let stem = stemmer.as_ref().map(|s| s.stem(word));
                match stem.filter(|stem| **stem != **word) {
                    Some(stem) => {
                        varint(&mut out, stem.len() as u64);
                        out.extend_from_slice(stem.as_bytes());
                    }
                    None => varint(&mut out, 0),
                }
                varint(&mut out, list.len() as u64);
                let mut last = 0;
                for &(page, counts, passages) in list {
                    varint(&mut out, u64::from(page - last));
                    let length = docs[page as usize].words.length();
                    varint(&mut out, weight(counts, length, average));
                    let ids = passages.ids();
                    varint(&mut out, ids.len() as u64 * 2 + u64::from(passages.more));
                    let mut before = 0;
                    for &id in ids {
                        varint(&mut out, u64::from(id - before));
                        before = id;
                    }
                    last = page;
                }
                out
            })
            .collect();
        let total: usize = records.iter().map(Vec::len).sum();
        let aim = (total / 16).clamp(TERM_BYTES_LEAST, TERM_BYTES);
        let mut firsts: Vec<&str> = Vec::new();
        let mut cuts: Vec<usize> = Vec::new();
        let mut size = 0;
        for (i, record) in records.iter().enumerate() {
            if i == 0 || size >= aim {
                firsts.push(&entries[i].0);
                cuts.push(i);
                size = 0;
            }
            size += record.len();
        }
        cuts.push(records.len());
        cuts.par_windows(2).enumerate().try_for_each(|(k, w)| {
            let bytes: Vec<u8> = records[w[0]..w[1]].concat();
            write(format!("terms/{lang}/{k}.bin"), &bytes)
        })?;
        files += firsts.len();
        meta_languages.insert(
            lang.clone(),
            serde_json::json!({ "pages": pages.len(), "files": firsts }),
        );
    }

    // The passages, a few pages a file.
    let mut text_of = Vec::with_capacity(docs.len());
    let mut text_cuts = vec![0];
    let mut size = 0;
    for (n, doc) in docs.iter().enumerate() {
        if size >= TEXT_BYTES {
            text_cuts.push(n);
            size = 0;
        }
        text_of.push((text_cuts.len() - 1, n - text_cuts[text_cuts.len() - 1]));
        size += doc.passages.len();
    }
    text_cuts.push(docs.len());
    let texts = if docs.is_empty() {
        0
    } else {
        text_cuts.len() - 1
    };
    text_cuts[..texts + 1]
        .par_windows(2)
        .enumerate()
        .try_for_each(|(k, w)| {
            let mut json = String::from("[");
            for (i, doc) in docs[w[0]..w[1]].iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                json.push_str(&doc.passages);
            }
            json.push(']');
            write(format!("text/{k}.json"), json.as_bytes())
        })?;

    let chunks = docs.len().div_ceil(CHUNK_PAGES);
    docs.par_chunks(CHUNK_PAGES)
        .enumerate()
        .try_for_each(|(k, chunk)| {
            let rows: Vec<serde_json::Value> = chunk
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let (file, at) = text_of[k * CHUNK_PAGES + i];
                    serde_json::json!([d.url, d.title, d.kind, d.year, lang_of(d), file, at])
                })
                .collect();
            let json = serde_json::to_vec(&rows).unwrap_or_default();
            write(format!("pages/{k}.json"), &json)
        })?;

    let kinds: Vec<serde_json::Value> = ranges(&docs, |d| Some(d.kind.clone()))
        .into_iter()
        .map(|(k, first, count)| serde_json::json!([k, first, count]))
        .collect();
    let years: Vec<serde_json::Value> = ranges(&docs, |d| d.year.map(|y| (d.kind.clone(), y)))
        .into_iter()
        .map(|((k, y), first, count)| serde_json::json!([k, y, first, count]))
        .collect();
    let meta = serde_json::json!({
        "version": 3,
        "pages": docs.len(),
        "chunk_pages": CHUNK_PAGES,
        "kinds": kinds,
        "years": years,
        "languages": meta_languages,
    });
    write("meta.json".into(), format!("{meta}\n").as_bytes())?;
    let precompressed = gzipped.into_inner();
    Ok(SearchIndex {
        pages: docs.len(),
        words: distinct,
        files: files + texts + chunks + 1 + precompressed,
        extract: docs.iter().map(|d| d.cost).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_leb128() {
        let mut out = Vec::new();
        varint(&mut out, 5);
        varint(&mut out, 300);
        assert_eq!(out, [5, 0xac, 0x02]);
    }
}
