// The search page: runs the query typed in its form, or given as ?q= by the
// search box on every other page, against the pagefind index in the site's
// pagefind/ folder, and lists each result with the kind of page it is.
// Loaded only by /search/; the rest of the site needs no JavaScript.

const form = document.getElementById("search");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const SHOWN = 30;

let engine = null;
let latest = 0;

function loadEngine() {
  if (!engine) {
    const bundle = form.dataset.bundle;
    engine = import(bundle + "pagefind.js").then(async (pagefind) => {
      await pagefind.options({ excerptLength: 24 });
      // A large site's index is built in shards; the main bundle lists the
      // others (relative to itself) and they are searched as one.
      const listed = await fetch(bundle + "dossier-shards.json")
        .then((r) => (r.ok ? r.json() : []))
        .catch(() => []);
      for (const shard of Array.isArray(listed) ? listed : []) {
        await pagefind.mergeIndex(bundle + shard);
      }
      return pagefind;
    });
  }
  return engine;
}

// Pagefind's excerpt is text with < and > escaped and the matches in <mark>;
// it is rebuilt as nodes so nothing in it is ever parsed as HTML.
function excerptNodes(excerpt) {
  const nodes = [];
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part) {
      const text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
      if (marked) {
        const mark = document.createElement("mark");
        mark.append(text);
        nodes.push(mark);
      } else {
        nodes.push(text);
      }
    }
  }
  return nodes;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  if (data.meta.kind) {
    const kind = document.createElement("span");
    kind.className = "kind-label";
    kind.textContent = data.meta.kind;
    item.append(kind, " ");
  }
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  item.append(link);
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(excerpt);
  return item;
}

async function run(query) {
  const ticket = ++latest;
  query = query.trim();
  if (!query) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  try {
    const pagefind = await loadEngine();
    const search = await pagefind.search(query);
    if (ticket !== latest) return;
    const shown = await Promise.all(search.results.slice(0, SHOWN).map((r) => r.data()));
    if (ticket !== latest) return;
    list.replaceChildren(...shown.map(resultItem));
    const total = search.results.length;
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
