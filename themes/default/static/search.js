// The search page: runs the query typed in its form, or given as ?q= by the
// search box on every other page, against the index the build writes to the
// site's search-index/ folder (format in src/search/mod.rs and docs/site.md),
// fetching only the files a query needs: meta.json, the term files of the
// query's words (per language, sorted words cut into files of about 24 KB),
// the page lists of the results shown and the passages of the results in
// view, for their excerpts and the headings they link. Loaded only by
// /search/; the rest of the site needs no JavaScript. Runs in Node too (the
// relevance suite, tests/search_relevance.mjs), given a file loader.

const SHOWN = 30;
const EXCERPT_WORDS = 28;
const EXCERPT_LEAD = 8;
// What a matched word counts for, by how it matches the query word.
export const FACTOR = { exact: 1, stem: 0.7, prefix: 0.3 };
// Query words this short are matched only exactly, and not highlighted.
const SHORT = 3;
// Score × (1 + PROXIMITY × the share of neighbouring query words found in
// one passage of the page).
const PROXIMITY = 0.6;
// The most term files a prefix of a query word loads past its own.
const PREFIX_FILES = 1;
// The most results whose passages are read to check a quoted phrase.
const PHRASE_CHECKS = 90;
// Sub-results: other passages of a result holding the query's words.
const SUBRESULTS = 2;

const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/u;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}/gu;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// ---------------------------------------------------------------- query

/** A word as the index holds it: without marks, lower-cased. */
export function fold(word) {
  return word.normalize("NFD").replace(MARKS, "").toLowerCase();
}

/** The folded words of `text`, in order. */
export function wordsOf(text) {
  const words = [];
  for (const word of text.normalize("NFC").split(NOT_WORD)) {
    const folded = word ? fold(word) : "";
    if (folded) words.push(folded);
  }
  return words;
}

/**
 * A query read as { words, phrases, excluded }: the distinct words every
 * result must hold, the quoted phrases (each a list of words, in order) and
 * the words after a "-" no result may hold.
 */
export function parseQuery(query) {
  const words = [];
  const phrases = [];
  const excluded = [];
  const add = (w) => {
    if (!words.includes(w)) words.push(w);
  };
  const parts = query.normalize("NFC").split('"');
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      const phrase = wordsOf(part);
      phrase.forEach(add);
      if (phrase.length > 1) phrases.push(phrase);
      return;
    }
    for (const token of part.split(/\s+/)) {
      if (token.length > 1 && token.startsWith("-")) {
        for (const w of wordsOf(token.slice(1))) if (!excluded.includes(w)) excluded.push(w);
      } else {
        wordsOf(token).forEach(add);
      }
    }
  });
  return { words: words.filter((w) => !excluded.includes(w)), phrases, excluded };
}

/** The distinct folded words of a query that results must hold. */
export function queryWords(query) {
  return parseQuery(query).words;
}

/** Compares two strings by their UTF-8 bytes, as the build sorts words. */
export function compareBytes(a, b) {
  if (a === b) return 0;
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** The number of the term file whose words include `word`'s place. */
export function fileOf(firsts, word) {
  let lo = 0;
  let hi = firsts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (compareBytes(firsts[mid], word) <= 0) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Levenshtein distance of a and b, or max + 1 once it is over max. */
export function editDistance(a, b, max = 2) {
  a = Array.from(a);
  b = Array.from(b);
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (row[j] < best) best = row[j];
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}

// ---------------------------------------------------------------- index

/** Reads the unsigned LEB128 number at `state.at` of `bytes`. */
function varint(bytes, state) {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (state.at >= bytes.length) throw new Error("search index: a term file ends inside a number");
    const byte = bytes[state.at++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
  }
}

function utf8(bytes, state) {
  const length = varint(bytes, state);
  const end = state.at + length;
  if (end > bytes.length) throw new Error("search index: a term file ends inside a word");
  const text = decoder.decode(bytes.subarray(state.at, end));
  state.at = end;
  return text;
}

/** Skips `n` LEB128 numbers at `state.at`. */
function skip(bytes, state, n) {
  for (let left = n; left > 0; state.at++) {
    if (state.at >= bytes.length) throw new Error("search index: a term file ends inside a word's pages");
    if (bytes[state.at] < 0x80) left--;
  }
}

/**
 * The words of a term file, each as { term, stem, pages, at, bytes }: `pages`
 * is how many pages hold it and `at` where its postings start.
 */
export function decodeTerms(bytes) {
  const entries = [];
  const state = { at: 0 };
  while (state.at < bytes.length) {
    const term = utf8(bytes, state);
    const stem = utf8(bytes, state) || term;
    const pages = varint(bytes, state);
    const at = state.at;
    for (let i = 0; i < pages; i++) {
      skip(bytes, state, 2);
      const info = varint(bytes, state);
      skip(bytes, state, info >> 1);
    }
    entries.push({ term, stem, pages, at, bytes });
  }
  return entries;
}

/** Calls `f(page, weight, passages, more)` for every page of a word. */
export function postings(entry, f) {
  const { bytes } = entry;
  const state = { at: entry.at };
  let page = 0;
  for (let i = 0; i < entry.pages; i++) {
    page += varint(bytes, state);
    const weight = varint(bytes, state);
    const info = varint(bytes, state);
    const passages = [];
    let id = 0;
    for (let k = 0; k < info >> 1; k++) {
      id += varint(bytes, state);
      passages.push(id);
    }
    f(page, weight, passages, (info & 1) === 1);
  }
}

/** BM25's inverse document frequency of a word held by `df` of `n` pages. */
export function idf(n, df) {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * One query word's scores in one language: for every page holding one of
 * its matched forms, { score, passages, more }. The word's rarity (idf) is
 * counted once, over the pages all its forms cover, and each page counts
 * its best form's weight × how the form matches (FACTOR).
 */
export function scoreWord(matches, n, allowed = () => true) {
  const found = new Map();
  for (const { entry, factor } of matches) {
    postings(entry, (page, weight, passages, more) => {
      if (!allowed(page)) return;
      const score = factor * weight;
      const had = found.get(page);
      if (!had) found.set(page, { score, passages, more });
      else {
        if (score > had.score) had.score = score;
        for (const p of passages) if (!had.passages.includes(p)) had.passages.push(p);
        had.more ||= more;
      }
    });
  }
  const rarity = idf(n, found.size);
  for (const hit of found.values()) hit.score *= rarity;
  return found;
}

/**
 * The pages holding every query word, as { page, score, passages }, best
 * first (ties by page number): the words' scores summed, raised when
 * neighbouring query words share a passage. `passages` counts, for each
 * passage of the page, the query words in it.
 */
export function rank(perWord) {
  if (perWord.length === 0) return [];
  const rarest = perWord.reduce((a, b) => (b.size < a.size ? b : a));
  const found = [];
  for (const page of rarest.keys()) {
    if (!perWord.every((scores) => scores.has(page))) continue;
    const hits = perWord.map((scores) => scores.get(page));
    let score = hits.reduce((sum, h) => sum + h.score, 0);
    let near = 0;
    for (let i = 1; i < hits.length; i++) {
      if (hits[i].passages.some((p) => hits[i - 1].passages.includes(p))) near++;
    }
    if (hits.length > 1) score *= 1 + (PROXIMITY * near) / (hits.length - 1);
    const passages = new Map();
    for (const h of hits) for (const p of h.passages) passages.set(p, (passages.get(p) || 0) + 1);
    found.push({ page, score, passages, more: hits.some((h) => h.more) });
  }
  return found.sort((a, b) => b.score - a.score || a.page - b.page);
}

/** The passages of a result to show: the best first, by query words held. */
export function bestPassages(result) {
  return [...result.passages.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([p]) => p);
}

/** Whether the words `phrase` follow each other in `text`. */
export function hasPhrase(text, phrase) {
  const words = wordsOf(text);
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (words[i + k] !== phrase[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * About EXCERPT_WORDS words of `text` from a little before its first word
 * whose folded form is in `marked`, as [{ text, mark }] parts, with "…"
 * where the text goes on.
 */
export function excerptParts(text, marked, length = EXCERPT_WORDS, lead = EXCERPT_LEAD) {
  const spans = [];
  let first = -1;
  const words = new RegExp(WORD.source, "gu");
  for (let m; (m = words.exec(text)); ) {
    spans.push([m.index, m.index + m[0].length, marked.has(fold(m[0]))]);
    if (first < 0 && spans[spans.length - 1][2]) first = spans.length - 1;
    if (first >= 0 && spans.length > Math.max(0, first - lead) + length) break;
  }
  if (spans.length === 0) return text ? [{ text: text.slice(0, 200), mark: false }] : [];
  let start = Math.max(0, first - lead);
  const end = Math.min(spans.length, start + length);
  const whole = end === spans.length;
  if (whole) start = Math.max(0, end - length);
  const parts = [];
  const plain = (s) => {
    if (!s) return;
    const last = parts[parts.length - 1];
    if (last && !last.mark) last.text += s;
    else parts.push({ text: s, mark: false });
  };
  if (start > 0) plain("…");
  let at = start === 0 ? 0 : spans[start][0];
  for (let i = start; i < end; i++) {
    const [from, to, mark] = spans[i];
    plain(text.slice(at, from));
    if (mark) parts.push({ text: text.slice(from, to), mark: true });
    else plain(text.slice(from, to));
    at = to;
  }
  if (whole) plain(text.slice(at));
  else plain("…");
  return parts;
}

async function fetchFile(url, as) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  if (as === "json") return response.json();
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * A cache of promises: `cached(key, make)` is the promise `make()` gave for
 * `key` the first time, made again only after it failed.
 */
function promiseCache() {
  const promises = new Map();
  return (key, make) => {
    let promise = promises.get(key);
    if (!promise) {
      promise = make();
      promises.set(key, promise);
      promise.catch(() => promises.delete(key));
    }
    return promise;
  };
}

/**
 * The index under the URL `base` (ending in "/"). `load(url, as)` fetches a
 * file as "json" or "bytes"; each file is fetched at most once (again only
 * after a failure).
 */
export function openIndex(base, load = fetchFile) {
  const files = promiseCache();
  const file = (path, as, parse = (x) => x) => files(path, () => load(base + path, as).then(parse));
  const meta = () =>
    file("meta.json", "json", (m) => {
      if (!m || m.version !== 3) throw new Error(`search index: unknown version ${m && m.version}`);
      return m;
    });
  const terms = (lang, k) => file(`terms/${lang}/${k}.bin`, "bytes", decodeTerms);
  const chunk = (k) => file(`pages/${k}.json`, "json");
  const text = (k) => file(`text/${k}.json`, "json");

  /** The page list's row of page `page`: [url, title, kind, year, lang, file, at]. */
  async function row(m, page) {
    const rows = await chunk(Math.floor(page / m.chunk_pages));
    const r = rows[page % m.chunk_pages];
    if (!Array.isArray(r)) throw new Error(`search index: no page ${page}`);
    return r;
  }

  /** The passages of page `page`, as [anchor, heading, text]. */
  async function passagesOf(m, page) {
    const r = await row(m, page);
    return (await text(r[5]))[r[6]] || [];
  }

  /**
   * The forms of `word` in language `lang`, as { matches, marked, entries }:
   * `matches` the words it finds, each with its FACTOR; `marked` the forms
   * to highlight; `entries` every word of the term files read (for "did you
   * mean").
   */
  async function forms(m, lang, word) {
    const info = m.languages[lang];
    const firsts = info.files;
    const own = fileOf(firsts, word);
    const entries = await terms(lang, own);
    const exact = entries.find((e) => e.term === word);
    const short = Array.from(word).length <= SHORT;
    const common = exact && exact.pages * 2 > info.pages;
    const matches = new Map();
    const marked = new Set();
    const seen = [...entries];
    if (exact) matches.set(exact.term, { entry: exact, factor: FACTOR.exact });
    if (short || common) return { matches: [...matches.values()], marked, entries: seen };
    if (exact) {
      // Every form sharing its stem; they sort near the stem.
      const at = fileOf(firsts, exact.stem);
      const near = at === own ? entries : await terms(lang, at);
      if (near !== entries) seen.push(...near);
      for (const e of near.concat(near === entries ? [] : entries)) {
        if (e.stem === exact.stem && !matches.has(e.term)) matches.set(e.term, { entry: e, factor: FACTOR.stem });
      }
    }
    // Words it begins, in its file and (a few) following ones.
    let files = [entries];
    for (let k = own + 1; k < firsts.length && k <= own + PREFIX_FILES && firsts[k].startsWith(word); k++) {
      const more = await terms(lang, k);
      files.push(more);
      seen.push(...more);
    }
    for (const list of files) {
      for (const e of list) {
        if (e.term.startsWith(word) && !matches.has(e.term)) {
          matches.set(e.term, { entry: e, factor: FACTOR.prefix });
        }
      }
    }
    for (const t of matches.keys()) marked.add(t);
    return { matches: [...matches.values()], marked, entries: seen };
  }

  /**
   * The closest word to `word` among `entries` (edit distance 1, or 2 for
   * words of five letters or more; the word in most pages wins a tie), as
   * { term, d, pages }, or `best` if none is closer.
   */
  function closest(word, entries, best = null) {
    const max = Array.from(word).length <= 4 ? 1 : 2;
    for (const e of entries) {
      const d = editDistance(word, e.term, max);
      if (d > max) continue;
      if (!best || d < best.d || (d === best.d && e.pages > best.pages)) best = { term: e.term, d, pages: e.pages };
    }
    return best;
  }

  /** The page numbers a filter { kind, year } allows, as a test. */
  function filterOf(m, filter = {}) {
    const ranges = [];
    if (filter.year) {
      for (const [kind, year, first, count] of m.years) {
        if (String(year) === String(filter.year) && (!filter.kind || kind === filter.kind)) ranges.push([first, count]);
      }
    } else if (filter.kind) {
      for (const [kind, first, count] of m.kinds) if (kind === filter.kind) ranges.push([first, count]);
    } else {
      return () => true;
    }
    return (page) => ranges.some(([first, count]) => page >= first && page < first + count);
  }

  /**
   * The pages matching `query` (and `filter`, { kind, year }): { words,
   * total, marked, suggested, results }, the first `shown` results as {
   * page, score, url, title, kind, year, lang, passages } and `marked` the
   * set of folded words to highlight. `suggested` maps a query word that
   * matched nothing to the word searched instead.
   */
  async function search(query, shown = SHOWN, filter = {}) {
    const parsed = parseQuery(query);
    const marked = new Set();
    const suggested = new Map();
    const empty = { words: parsed.words, total: 0, marked, suggested, results: [], checked: true };
    if (parsed.words.length === 0) return empty;
    const m = await meta();
    const allowed = filterOf(m, filter);
    let ranked = [];
    const langs = Object.keys(m.languages);
    const perLang = await Promise.all(
      langs.map(async (lang) => ({
        lang,
        words: await Promise.all(parsed.words.map((w) => forms(m, lang, w))),
        excluded: await Promise.all(parsed.excluded.map((w) => forms(m, lang, w))),
      })),
    );
    // A word no language knows in any form: the closest known word.
    const words = [...parsed.words];
    for (let i = 0; i < words.length; i++) {
      if (perLang.some((l) => l.words[i].matches.length > 0)) continue;
      let best = null;
      for (const l of perLang) best = closest(words[i], l.words[i].entries, best);
      if (!best) continue;
      suggested.set(words[i], best.term);
      words[i] = best.term;
      for (const l of perLang) l.words[i] = await forms(m, l.lang, best.term);
    }
    for (const l of perLang) {
      const n = m.languages[l.lang].pages;
      const excludedPages = new Set();
      for (const f of l.excluded) {
        for (const match of f.matches) {
          if (match.factor === FACTOR.prefix) continue;
          postings(match.entry, (page) => excludedPages.add(page));
        }
      }
      const ok = (page) => allowed(page) && !excludedPages.has(page);
      const perWord = l.words.map((f) => scoreWord(f.matches, n, ok));
      for (const f of l.words) for (const t of f.marked) marked.add(t);
      ranked = ranked.concat(rank(perWord));
    }
    ranked.sort((a, b) => b.score - a.score || a.page - b.page);
    // Quoted phrases: a page whose phrase words share no passage (and are
    // in no passage the index leaves out) cannot hold it; the others are
    // read, best first, until enough are found.
    let checked = true;
    if (parsed.phrases.length > 0) {
      const kept = [];
      let reads = 0;
      for (const r of ranked) {
        if (kept.length >= shown) {
          checked = false;
          break;
        }
        const could = r.more || [...r.passages.values()].some((k) => k >= 2);
        if (!could) continue;
        if (reads++ >= PHRASE_CHECKS) {
          checked = false;
          break;
        }
        const passages = await passagesOf(m, r.page);
        const texts = passages.map(([, heading, text]) => `${heading} ${text}`);
        if (parsed.phrases.every((p) => texts.some((t) => hasPhrase(t, p)))) kept.push(r);
      }
      ranked = kept;
    }
    const top = ranked.slice(0, shown);
    const results = await Promise.all(
      top.map(async (r) => {
        const [url, title, kind, year, lang] = await row(m, r.page);
        return { ...r, url, title, kind, year, lang, phrases: parsed.phrases };
      }),
    );
    return { words, total: ranked.length, marked, suggested, results, checked };
  }

  /**
   * The excerpt of a result of `search`: { anchor, heading, text } of its
   * best passage, and up to SUBRESULTS more passages under other headings.
   */
  async function excerpt(result) {
    const m = await meta();
    const passages = await passagesOf(m, result.page);
    let order = bestPassages(result).filter((p) => p < passages.length);
    // With a phrase, the passages that hold it come first, wherever they are.
    const phrases = result.phrases || [];
    if (phrases.length > 0) {
      const holding = passages
        .map(([, heading, text], p) => (phrases.some((ph) => hasPhrase(`${heading} ${text}`, ph)) ? p : -1))
        .filter((p) => p >= 0);
      order = holding.concat(order.filter((p) => !holding.includes(p)));
    }
    if (order.length === 0 && passages.length > 0) order.push(0);
    const shown = [];
    const anchors = new Set();
    for (const p of order) {
      const [anchor, heading, text] = passages[p];
      if (shown.length > 0 && anchors.has(anchor)) continue;
      anchors.add(anchor);
      shown.push({ anchor, heading, text });
      if (shown.length > SUBRESULTS) break;
    }
    return shown;
  }

  return { search, excerpt, meta };
}

// ---------------------------------------------------------------- page

/** Fills `into` with `text` around the words in `marked`. */
function fillExcerpt(into, text, marked) {
  // Text nodes only: nothing in a page's text is ever parsed as HTML.
  for (const part of excerptParts(text, marked)) {
    if (part.mark) {
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      into.append(mark);
    } else {
      into.append(part.text);
    }
  }
}

/** The link to a passage of the page at `url`. */
function linkTo(url, anchor) {
  return anchor ? `${url}#${encodeURIComponent(anchor)}` : url;
}

function resultItem(result, marked, pending) {
  const item = document.createElement("li");
  item.className = "search-result";
  if (result.kind) {
    const kind = document.createElement("span");
    kind.className = "kind-label";
    kind.textContent = result.kind;
    item.append(kind, " ");
  }
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = result.title || result.url;
  item.append(link);
  const excerpt = document.createElement("div");
  excerpt.className = "search-excerpt-box";
  excerpt.setAttribute("aria-busy", "true");
  if (result.lang) excerpt.lang = result.lang;
  pending.set(excerpt, { result, marked, link });
  item.append(excerpt);
  return item;
}

/** Fills a result's excerpt box with its passages, the first linked by the title. */
function fillResult(box, passages, { result, marked, link }) {
  const [best, ...others] = passages;
  if (!best) return;
  link.href = linkTo(result.url, best.anchor);
  const p = document.createElement("p");
  p.className = "search-excerpt";
  fillExcerpt(p, best.text || best.heading, marked);
  box.append(p);
  if (others.length === 0) return;
  const list = document.createElement("ul");
  list.className = "search-subresults";
  for (const sub of others) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = linkTo(result.url, sub.anchor);
    a.textContent = sub.heading || result.title;
    const text = document.createElement("span");
    text.className = "search-excerpt";
    fillExcerpt(text, sub.text, marked);
    li.append(a, " ", text);
    list.append(li);
  }
  box.append(list);
}

const PLURAL = { Person: "People", Article: "Articles", Place: "Places", Event: "Events", Organization: "Organizations", Page: "Pages" };

function start(form) {
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const kindSelect = document.getElementById("search-kind");
  const yearSelect = document.getElementById("search-year");
  const index = openIndex(form.dataset.index);
  const pending = new WeakMap();
  function load(box) {
    const wanted = pending.get(box);
    if (!wanted) return;
    pending.delete(box);
    index
      .excerpt(wanted.result)
      .then((passages) => fillResult(box, passages, wanted))
      // The result stays listed; only its excerpt is missing.
      .catch(() => {})
      .finally(() => box.removeAttribute("aria-busy"));
  }
  // Excerpts are read as their results come into view (a little ahead).
  const viewer =
    typeof IntersectionObserver === "undefined"
      ? null
      : new IntersectionObserver(
          (seen) => {
            for (const entry of seen) {
              if (!entry.isIntersecting) continue;
              viewer.unobserve(entry.target);
              load(entry.target);
            }
          },
          { rootMargin: "400px 0px" },
        );
  let latest = 0;

  const params = new URLSearchParams(window.location.search);
  // The filters: kinds and years of articles, from the index.
  const filters = form.querySelector(".search-filters");
  const filtersReady = index
    .meta()
    .then((m) => {
      for (const [kind] of m.kinds) kindSelect.append(new Option(PLURAL[kind] || kind, kind));
      const years = [...new Set(m.years.filter(([k]) => k === "Article").map(([, y]) => y))].sort((a, b) => b - a);
      for (const y of years) yearSelect.append(new Option(String(y), String(y)));
      kindSelect.value = params.get("kind") || "";
      yearSelect.value = params.get("year") || "";
      yearSelect.disabled = kindSelect.value !== "Article" || years.length === 0;
      if (yearSelect.disabled) yearSelect.value = "";
      if (filters) filters.hidden = false;
    })
    .catch(() => {});

  function filter() {
    return { kind: kindSelect?.value || "", year: (!yearSelect?.disabled && yearSelect?.value) || "" };
  }

  async function run(query, focus = false) {
    const ticket = ++latest;
    query = query.trim();
    if (queryWords(query).length === 0) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    // Busy, but silent: the status speaks once per query, with the count.
    list.setAttribute("aria-busy", "true");
    try {
      await filtersReady;
      const found = await index.search(query, SHOWN, filter());
      if (ticket !== latest) return;
      const items = found.results.map((r) => resultItem(r, found.marked, pending));
      viewer?.disconnect();
      list.replaceChildren(...items);
      for (const item of items) {
        const box = item.querySelector(".search-excerpt-box");
        if (viewer) viewer.observe(box);
        else load(box);
      }
      const total = found.total;
      const instead = [...found.suggested].map(([from, to]) => `“${to}” for “${from}”`).join(", ");
      const about = found.checked ? "" : "at least ";
      status.textContent =
        (instead ? `Did you mean ${instead}? Showing results for it. ` : "") +
        (total === 0
          ? `No page matches “${query}”.`
          : `${about}${total} ${total === 1 ? "page matches" : "pages match"} “${query}”` +
            (total > SHOWN ? `; the first ${SHOWN} are shown.` : "."));
      if (focus) status.focus();
    } catch (error) {
      if (ticket !== latest) return;
      status.textContent = "Search could not be loaded. Every page is also listed in the sections above.";
      throw error;
    } finally {
      if (ticket === latest) list.removeAttribute("aria-busy");
    }
  }

  function remember() {
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    for (const [name, select] of [["kind", kindSelect], ["year", yearSelect]]) {
      if (select && select.value && !select.disabled) url.searchParams.set(name, select.value);
      else url.searchParams.delete(name);
    }
    history.replaceState(null, "", url);
  }

  let typing = 0;
  input.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => run(input.value), 250);
  });
  for (const select of [kindSelect, yearSelect]) {
    select?.addEventListener("change", () => {
      if (select === kindSelect) {
        yearSelect.disabled = kindSelect.value !== "Article" || yearSelect.options.length < 2;
        if (yearSelect.disabled) yearSelect.value = "";
      }
      remember();
      run(input.value);
    });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    remember();
    run(input.value);
  });

  // Keyboard: "/" goes to the search box; the arrows move from it through
  // the results' titles and back.
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typingHere = target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "/" && !typingHere && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...list.querySelectorAll(".search-result > a")];
    if (links.length === 0) return;
    const at = links.indexOf(target);
    if (target === input && event.key === "ArrowDown") {
      event.preventDefault();
      links[0].focus();
    } else if (at >= 0) {
      event.preventDefault();
      const next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else links[Math.min(next, links.length - 1)].focus();
    }
  });

  const initial = params.get("q");
  if (initial) {
    input.value = initial;
    // Arrived from a search box: focus goes to what the search found.
    run(initial, true);
  }
}

const form = typeof document === "undefined" ? null : document.getElementById("search");
if (form) start(form);
