//! The tags of a rendered page, read without building a document tree:
//! what [`super::extract`] needs to find the searchable text. Nothing here
//! decides what is indexed; it only says where elements begin and end.

/// What an element is to the text of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// Its contents are not HTML (scripts, styles): skipped to its end tag.
    Raw,
    /// It has no end tag.
    Void,
    /// Never read: drawings whose labels repeat names already in the text,
    /// and what is not text.
    Skipped,
    /// Its text runs on into the text around it.
    Inline,
    /// A heading: the first `h1` is the page's title, the others start
    /// passages.
    Heading,
    /// Anything else: a word break at its start and end.
    Block,
}

/// The class of the element named `name`.
pub(super) fn class(name: &str) -> Class {
    let mut lower = [0u8; 10];
    let Some(buf) = lower.get_mut(..name.len()) else {
        return Class::Block;
    };
    buf.copy_from_slice(name.as_bytes());
    buf.make_ascii_lowercase();
    match &*buf {
        b"a" | b"abbr" | b"b" | b"bdi" | b"bdo" | b"cite" | b"code" | b"data" | b"del" | b"dfn"
        | b"em" | b"i" | b"ins" | b"kbd" | b"mark" | b"q" | b"s" | b"samp" | b"small" | b"span"
        | b"strong" | b"sub" | b"sup" | b"time" | b"u" | b"var" => Class::Inline,
        b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"link"
        | b"meta" | b"source" | b"track" | b"wbr" => Class::Void,
        b"script" | b"style" | b"textarea" | b"title" => Class::Raw,
        b"svg" | b"template" | b"noscript" | b"math" => Class::Skipped,
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => Class::Heading,
        _ => Class::Block,
    }
}

/// A word break in `out` for an element of class `class`, unless it is
/// inline (its text runs on).
pub(super) fn gap(out: &mut String, class: Class) {
    if class != Class::Inline
        && !out.is_empty()
        && !out.ends_with(|c: char| c.is_ascii_whitespace())
    {
        out.push(' ');
    }
}

/// One tag of a page, as [`Scan::tag`] reads it.
pub(super) enum Tag<'a> {
    /// A start tag: its name, its attributes' source, and whether it
    /// closed itself (`<x/>`).
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    End {
        name: &'a str,
    },
    /// A comment, doctype or processing instruction.
    Other,
}

/// A position in a page's HTML.
pub(super) struct Scan<'a> {
    pub(super) html: &'a str,
    pub(super) at: usize,
}

impl<'a> Scan<'a> {
    /// The text up to the next tag; `None` at the end of the page.
    pub(super) fn text(&mut self) -> Option<&'a str> {
        let rest = &self.html[self.at..];
        let bytes = rest.as_bytes();
        let mut from = 0;
        loop {
            let lt = from + memchr::memchr(b'<', &bytes[from..])?;
            // A `<` that opens no tag is text.
            match bytes.get(lt + 1) {
                Some(b) if b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?') => {
                    self.at += lt;
                    return Some(&rest[..lt]);
                }
                _ => from = lt + 1,
            }
        }
    }

    /// The tag at the current position (just after [`Scan::text`]).
    ///
    /// Every position searched for is an ASCII byte, so every slice taken
    /// at one is at a character boundary.
    pub(super) fn tag(&mut self) -> Option<Tag<'a>> {
        let rest = &self.html[self.at..];
        if !rest.starts_with('<') {
            return None;
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end =
                memchr::memmem::find(comment.as_bytes(), b"-->").map_or(rest.len(), |i| i + 4 + 3);
            self.at += end;
            return Some(Tag::Other);
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = memchr::memchr(b'>', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
            self.at += end;
            return Some(Tag::Other);
        }
        let closing = rest.starts_with("</");
        let body = &rest[if closing { 2 } else { 1 }..];
        let bytes = body.as_bytes();
        let name_end = name_len(bytes);
        let name = &body[..name_end];
        // The end of the tag: the first `>` outside a quoted value.
        let mut i = name_end;
        loop {
            let Some(next) = memchr::memchr3(b'>', b'"', b'\'', &bytes[i..]) else {
                i = bytes.len();
                break;
            };
            i += next;
            let quote = bytes[i];
            if quote == b'>' {
                break;
            }
            i += 1 + memchr::memchr(quote, &bytes[i + 1..]).unwrap_or(bytes.len() - i - 1);
            i = (i + 1).min(bytes.len());
        }
        let attrs = &body[name_end..i];
        self.at += (rest.len() - body.len()) + (i + 1).min(bytes.len());
        Some(if closing {
            Tag::End { name }
        } else {
            Tag::Start {
                name,
                attrs,
                empty: attrs.ends_with('/'),
            }
        })
    }

    /// Skips to the end of the raw-text element `name` just opened.
    pub(super) fn skip_raw_text(&mut self, name: &str) {
        let rest = &self.html[self.at..];
        let mut from = 0;
        while let Some(i) = memchr::memmem::find(&rest.as_bytes()[from..], b"</") {
            let at = from + i + 2;
            let candidate = rest.as_bytes().get(at..at + name.len());
            if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
                self.at += from + i;
                return;
            }
            from = at;
        }
        self.at = self.html.len();
    }

    /// Skips the rest of the element `name` just opened, its end tag
    /// included. Only tags of its own name (to count how deep), comments
    /// and raw text are read; the tags between are passed over without
    /// reading their attributes, which is most of the time saved: an
    /// entity page is mostly sections left out of the index. A `<` in an
    /// attribute's value of a tag passed over would be taken for a tag:
    /// themes write it `&lt;`, as the built-in one does.
    pub(super) fn skip_element(&mut self, name: &str) {
        let mut depth = 1usize;
        while let Some(lt) = memchr::memchr(b'<', &self.html.as_bytes()[self.at..]) {
            self.at += lt;
            let rest = &self.html[self.at..];
            let closing = rest.starts_with("</");
            let after = &rest[if closing { 2 } else { 1 }..];
            let len = name_len(after.as_bytes());
            let tag_name = &after[..len];
            if rest.starts_with("<!--") {
                self.tag();
            } else if len > 0 && tag_name.eq_ignore_ascii_case(name) {
                match self.tag() {
                    Some(Tag::Start { empty: false, .. }) => depth += 1,
                    Some(Tag::End { .. }) => {
                        depth -= 1;
                        if depth == 0 {
                            return;
                        }
                    }
                    _ => {}
                }
            } else if !closing && len > 0 && class(tag_name) == Class::Raw {
                self.tag();
                self.skip_raw_text(tag_name);
            } else {
                self.at += 1;
            }
        }
        self.at = self.html.len();
    }
}

/// The length of the tag name at the start of `bytes`: up to white space,
/// `/` or `>`, all ASCII, so the name ends at a character boundary.
pub(super) fn name_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        .unwrap_or(bytes.len())
}

/// [`attribute`], at once `None` for tags too short to have it.
pub(super) fn marked<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    if attrs.len() < name.len() {
        return None;
    }
    attribute(attrs, name)
}

/// The value of the attribute `name` in a start tag's attributes' source
/// `attrs` (`""` when it has none), or `None` if it is not there.
pub(super) fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'/')
        {
            i += 1;
        }
        let key = &attrs[start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = attrs[i + 1..]
                        .find(q as char)
                        .map_or(attrs.len(), |e| i + 1 + e);
                    value = &attrs[i + 1..end];
                    i = end + 1;
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = &attrs[start..i];
                }
            }
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
}

/// Appends `text` to `out` with every run of whitespace made one space
/// (no space at the start of `out`).
pub(super) fn push_collapsed(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            out.push_str(&text[from..i]);
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            from = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[from..]);
}
