// The search page: runs the query typed in its form, or given as ?q= by the
// search box on every other page, against the index the build writes to the
// site's search-index/ folder (meta.json; terms/<k>.bin, folded words hashed
// by their first two characters, each with its stem and weighted pages;
// pages/<k>.json, each page's URL, title and kind), fetching only the files
// a query needs, and lists each result with the kind of page it is. A
// result's excerpt comes from its own page, fetched once the result is in
// view and read as the build reads it (pageText). Loaded only by /search/;
// the rest of the site needs no JavaScript.

const SHOWN = 30;
const EXCERPT_WORDS = 24;
const EXCERPT_LEAD = 6;
// A word that only begins with a query word counts for this much.
const PREFIX_FACTOR = 0.6;

// Elements whose text runs on into the text around them; any other element
// is a word break. The same lists as the build's (src/search.rs).
const INLINE = new Set(
  "a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub sup time u var".split(" "),
);
// What is never read: the parts a theme marks, drawings, scripts.
const SKIPPED = "[data-search-ignore], svg, template, noscript, math, script, style, textarea, title";

const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/u;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}/gu;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// ---------------------------------------------------------------- index

/** A word as the index holds it: without marks, lower-cased. */
export function fold(word) {
  return word.normalize("NFD").replace(MARKS, "").toLowerCase();
}

/** The distinct folded words of a query, in order. */
export function queryWords(query) {
  const words = [];
  for (const word of query.normalize("NFC").split(NOT_WORD)) {
    const folded = word ? fold(word) : "";
    if (folded && !words.includes(folded)) words.push(folded);
  }
  return words;
}

/** The bucket of a folded word: FNV-1a 32 of its first two characters. */
export function bucketOf(term, buckets) {
  let hash = 2166136261;
  for (const byte of encoder.encode(Array.from(term).slice(0, 2).join(""))) {
    hash ^= byte;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash % Math.max(1, buckets);
}

/** Reads the unsigned LEB128 number at `state.at` of `bytes`. */
function varint(bytes, state) {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (state.at >= bytes.length) throw new Error("search index: a bucket ends inside a number");
    const byte = bytes[state.at++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
  }
}

function utf8(bytes, state) {
  const length = varint(bytes, state);
  const end = state.at + length;
  if (end > bytes.length) throw new Error("search index: a bucket ends inside a word");
  const text = decoder.decode(bytes.subarray(state.at, end));
  state.at = end;
  return text;
}

/**
 * The words of a bucket file, each as { term, stem, pages, at }: `pages` is
 * how many pages hold it and `at` where its postings start (see postings).
 */
export function decodeBucket(bytes) {
  const entries = [];
  const state = { at: 0 };
  while (state.at < bytes.length) {
    const term = utf8(bytes, state);
    const stem = utf8(bytes, state) || term;
    const pages = varint(bytes, state);
    const at = state.at;
    // Skip the postings: 2 × pages numbers, each ending at a byte < 0x80.
    for (let left = 2 * pages; left > 0; state.at++) {
      if (state.at >= bytes.length) throw new Error("search index: a bucket ends inside a word's pages");
      if (bytes[state.at] < 0x80) left--;
    }
    entries.push({ term, stem, pages, at });
  }
  return entries;
}

/** Calls `f(page, weight)` for every page of a word of `decodeBucket`. */
export function postings(bytes, entry, f) {
  const state = { at: entry.at };
  let page = 0;
  for (let i = 0; i < entry.pages; i++) {
    page += varint(bytes, state);
    f(page, varint(bytes, state));
  }
}

/**
 * The words of a bucket a folded query word finds, each as { entry, factor }:
 * the words it begins (only itself if it is one character long) and every
 * word sharing a stem with one of those. A word counts fully when it is the
 * query word or shares its stem, and PREFIX_FACTOR otherwise.
 */
export function matchTerms(entries, word) {
  const single = Array.from(word).length < 2;
  const stems = new Set();
  let exactStem = null;
  for (const e of entries) {
    if (single ? e.term === word : e.term.startsWith(word)) stems.add(e.stem);
    if (e.term === word) exactStem = e.stem;
  }
  const found = [];
  if (stems.size === 0) return found;
  for (const e of entries) {
    if (!stems.has(e.stem)) continue;
    const exact = e.term === word || (exactStem !== null && e.stem === exactStem);
    found.push({ entry: e, factor: exact ? 1 : PREFIX_FACTOR });
  }
  return found;
}

/** BM25's inverse document frequency of a word held by `df` of `n` pages. */
export function idf(n, df) {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Each page's score for one query word: its best matched word's. */
export function scoreWord(bytes, matches, n) {
  const scores = new Map();
  for (const { entry, factor } of matches) {
    const weight = factor * idf(n, entry.pages);
    postings(bytes, entry, (page, tf) => {
      const score = weight * tf;
      if (!(scores.get(page) >= score)) scores.set(page, score);
    });
  }
  return scores;
}

/**
 * The pages found by every query word, as { page, score }, best first (ties
 * by page number), given each word's scores from scoreWord.
 */
export function rank(perWord) {
  if (perWord.length === 0) return [];
  const rarest = perWord.reduce((a, b) => (b.size < a.size ? b : a));
  const found = [];
  for (const page of rarest.keys()) {
    if (!perWord.every((scores) => scores.has(page))) continue;
    // Summed in the query's order, so pages scored alike tie exactly.
    found.push({ page, score: perWord.reduce((sum, scores) => sum + scores.get(page), 0) });
  }
  return found.sort((a, b) => b.score - a.score || a.page - b.page);
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
    // Enough read to fill the window and to know whether the text goes on.
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

/**
 * The searchable text of a parsed page `doc`, as the build reads it: the
 * element marked data-search-body, without what is marked
 * data-search-ignore, drawings and scripts, whitespace collapsed.
 */
export function pageText(doc) {
  const body = doc.querySelector("[data-search-body]");
  if (!body) return "";
  const parts = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) {
        parts.push(child.data);
      } else if (child.nodeType === 1) {
        // A block left out is still a word break, as in the build.
        const inline = INLINE.has(child.localName);
        if (!inline) parts.push(" ");
        if (!child.matches(SKIPPED)) walk(child);
        if (!inline) parts.push(" ");
      }
    }
  };
  walk(body);
  return parts.join("").replace(/\s+/g, " ").trim();
}

async function fetchFile(url, as) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  if (as === "json") return response.json();
  if (as === "text") return response.text();
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
      if (!m || m.version !== 2) throw new Error(`search index: unknown version ${m && m.version}`);
      return m;
    });
  const bucket = (k) => file(`terms/${k}.bin`, "bytes", (bytes) => ({ bytes, entries: decodeBucket(bytes) }));
  const chunk = (k) => file(`pages/${k}.json`, "json");

  /**
   * The pages matching every word of `query`: { total, marked, results },
   * the first `shown` results as { page, score, url, title, kind }
   * and `marked` the set of folded words to highlight.
   */
  async function search(query, shown = SHOWN) {
    const words = queryWords(query);
    const marked = new Set();
    if (words.length === 0) return { words, total: 0, marked, results: [] };
    const { pages: n, buckets, chunk_pages: perChunk } = await meta();
    const loaded = await Promise.all(words.map((w) => bucket(bucketOf(w, buckets))));
    const perWord = words.map((word, i) => {
      const matches = matchTerms(loaded[i].entries, word);
      for (const { entry } of matches) marked.add(entry.term);
      return scoreWord(loaded[i].bytes, matches, n);
    });
    const ranked = rank(perWord);
    const top = ranked.slice(0, shown);
    const chunks = [...new Set(top.map((r) => Math.floor(r.page / perChunk)))];
    const rows = new Map(await Promise.all(chunks.map(async (k) => [k, await chunk(k)])));
    const results = top.map(({ page, score }) => {
      const row = rows.get(Math.floor(page / perChunk))?.[page % perChunk];
      if (!Array.isArray(row)) throw new Error(`search index: no page ${page}`);
      const [url, title, kind] = row;
      return { page, score, url, title, kind };
    });
    return { words, total: ranked.length, marked, results };
  }

  return { search };
}

/** The text of the page at `url`, fetched and read by pageText. */
async function textOf(url) {
  const html = await fetchFile(url, "text");
  return pageText(new DOMParser().parseFromString(html, "text/html"));
}

// ---------------------------------------------------------------- page

/** Fills the paragraph `excerpt` with `text` around the words in `marked`. */
function fillExcerpt(excerpt, text, marked) {
  // Text nodes only: nothing in a page's text is ever parsed as HTML.
  for (const part of excerptParts(text, marked)) {
    if (part.mark) {
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      excerpt.append(mark);
    } else {
      excerpt.append(part.text);
    }
  }
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
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  excerpt.setAttribute("aria-busy", "true");
  pending.set(excerpt, { url: result.url, marked });
  item.append(excerpt);
  return item;
}

function start(form) {
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const index = openIndex(form.dataset.index);
  // Each page's text, fetched once, for its excerpt.
  const texts = promiseCache();
  // The excerpts not filled yet: their page and the words to mark.
  const pending = new WeakMap();
  function load(excerpt) {
    const wanted = pending.get(excerpt);
    if (!wanted) return;
    pending.delete(excerpt);
    texts(wanted.url, () => textOf(wanted.url))
      .then((t) => fillExcerpt(excerpt, t, wanted.marked))
      // The result stays listed; only its excerpt is missing.
      .catch(() => {})
      .finally(() => excerpt.removeAttribute("aria-busy"));
  }
  // Excerpts are fetched as their results come into view (a little ahead).
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

  async function run(query) {
    const ticket = ++latest;
    query = query.trim();
    if (queryWords(query).length === 0) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    try {
      const found = await index.search(query, SHOWN);
      if (ticket !== latest) return;
      const items = found.results.map((r) => resultItem(r, found.marked, pending));
      viewer?.disconnect();
      list.replaceChildren(...items);
      for (const item of items) {
        const excerpt = item.querySelector(".search-excerpt");
        if (viewer) viewer.observe(excerpt);
        else load(excerpt);
      }
      const total = found.total;
      status.textContent =
        total === 0
          ? `No page matches “${query}”.`
          : `${total} ${total === 1 ? "page matches" : "pages match"} “${query}”` +
            (total > SHOWN ? `; the first ${SHOWN} are shown.` : ".");
    } catch (error) {
      if (ticket !== latest) return;
      status.textContent = "Search could not be loaded. Every page is also listed in the sections above.";
      throw error;
    }
  }

  let typing = 0;
  input.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => run(input.value), 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });

  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
}

const form = typeof document === "undefined" ? null : document.getElementById("search");
if (form) start(form);
