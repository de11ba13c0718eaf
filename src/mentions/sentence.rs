//! Placeholder until the sentence splitter lands.
pub fn sentence_around(text: &str, offset: usize) -> std::ops::Range<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    let end = text[offset..].find(['.', '!', '?']).map_or(text.len(), |i| offset + i + 1);
    let s = &text[start..end];
    let trimmed_start = start + (s.len() - s.trim_start().len());
    trimmed_start..end
}
