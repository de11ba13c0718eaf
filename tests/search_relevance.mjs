// The search relevance suite, run by the browser stage of .ci/run:
//
//   node tests/search_relevance.mjs <dossier binary> <built Venezuela site>
//
// Builds a generated documentation-like corpus (web-platform reference
// pages, guides and glossary entries that name each other, plus a Spanish
// article) with the given binary, then runs the queries below through the
// theme's own search.js (its openIndex, reading the index files from disk)
// on that corpus and on the built Venezuela dossier. Each query names the
// pages a reader expects among the first three results (or that nothing
// may match); the suite prints one line per query and exits 1 if any
// expectation fails. The corpus and the queries are shared with
// bench/search.mjs, which runs them on Pagefind too.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const SEARCH_JS = join(HERE, "..", "themes", "default", "static", "search.js");

// ---------------------------------------------------------------- corpus

const lorem = (seed, n) => {
  const words =
    "the a value of object method returns when which is used to and for in that this with by as each can be on from an its it property element document browser page data".split(
      " ",
    );
  let x = seed;
  const out = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(words[x % words.length]);
  }
  return out.join(" ");
};

/** The reference pages: [slug, title, body in markdown]. */
const REFERENCE = [
  [
    "promise",
    "Promise",
    `The Promise object represents the eventual completion (or failure) of an asynchronous operation and its resulting value.

## Description

A Promise is a proxy for a value not necessarily known when the promise is created. It lets asynchronous methods return values like synchronous methods.

## Static methods

Promise.all() fulfills when all of the promises fulfill. Promise.race() settles with the first promise that settles.

## Instance methods

then(), catch() and finally() attach handlers to the promise.`,
  ],
  [
    "using-promises",
    "Using promises",
    `A promise is an object representing the eventual completion or failure of an asynchronous operation. This guide explains chaining and error handling.

## Chaining

Each then() returns a new promise, so calls chain.

## Error handling

A rejected promise skips to the next catch().`,
  ],
  ...["promise", "reason", "constructor", "type"].map((p) => [
    `promiserejectionevent-${p}`,
    p === "constructor" ? "PromiseRejectionEvent() constructor" : `PromiseRejectionEvent: ${p} property`,
    `The ${p} of a PromiseRejectionEvent, fired when a JavaScript Promise is rejected. PromiseRejectionEvent PromiseRejectionEvent unhandledrejection rejectionhandled PromiseRejectionEvent.

## Syntax

PromiseRejectionEvent.${p}`,
  ]),
  [
    "fetch-api",
    "Fetch API",
    `The Fetch API provides an interface for fetching resources, including across the network. It is a more powerful replacement for XMLHttpRequest.

## Concepts and usage

To make a request and fetch a resource, use the fetch() method. It returns a promise that resolves to the Response.

## Interfaces

Request, Response and Headers.`,
  ],
  [
    "fetch",
    "fetch() global function",
    `The global fetch() method starts the process of fetching a resource from the network, returning a promise that is fulfilled once the response is available.

## Syntax

fetch(resource, options)`,
  ],
  [
    "fetchevent",
    "FetchEvent",
    `This is the event type for fetch events dispatched on the service worker global scope. FetchEvent FetchEvent respondWith FetchEvent.`,
  ],
  [
    "fetchlater",
    "fetchLater()",
    `fetchLater() requests a deferred fetch. fetchLater fetchLater fetchLater result.`,
  ],
  [
    "web-workers-api",
    "Web Workers API",
    `Web Workers make it possible to run a script operation in a background thread separate from the main execution thread of a web application.

## Web worker concepts and usage

A worker is an object created using a constructor that runs a named JavaScript file.`,
  ],
  [
    "using-web-workers",
    "Using Web Workers",
    `Web Workers are a simple means for web content to run scripts in background threads. The worker thread can perform tasks without interfering with the user interface.

## Dedicated workers

A dedicated worker is only accessible by the script that called it.`,
  ],
  [
    "serviceworker",
    "ServiceWorker",
    `The ServiceWorker interface of the Service Worker API provides a reference to a service worker. A service worker is a worker that acts as a proxy between web applications, the browser and the network.`,
  ],
  [
    "sharedworker",
    "SharedWorker",
    `The SharedWorker interface represents a specific kind of worker that can be accessed from several browsing contexts.`,
  ],
  [
    "workerglobalscope",
    "WorkerGlobalScope",
    `The WorkerGlobalScope interface is an interface representing the scope of any worker. WorkerGlobalScope WorkerGlobalScope WorkerGlobalScope.`,
  ],
  [
    "aria-label",
    "aria-label",
    `The aria-label attribute defines a string value that labels an interactive element.

## Description

Sometimes the default accessible name of an element is missing; aria-label gives it one.`,
  ],
  [
    "aria-labelledby",
    "aria-labelledby",
    `The aria-labelledby attribute identifies the element (or elements) that labels the element it is applied to. aria-labelledby aria-labelledby labelledby labelledby.`,
  ],
  [
    "aria-describedby",
    "aria-describedby",
    `The aria-describedby attribute identifies the element that describes the element on which the attribute is set.`,
  ],
  [
    "using-css-animations",
    "Using CSS animations",
    `CSS animations make it possible to animate transitions from one CSS style configuration to another.

## Configuring an animation

Create a CSS animation sequence by styling the element with the animation property or its sub-properties.`,
  ],
  [
    "animation",
    "animation",
    `The animation shorthand CSS property applies an animation between styles.

## Constituent properties

animation-name, animation-duration, animation-delay.`,
  ],
  [
    "animation-name",
    "animation-name",
    `The animation-name CSS property specifies the names of one or more @keyframes at-rules. animation-name animationname animationname animationend animationstart.`,
  ],
  [
    "css-transitions",
    "Using CSS transitions",
    `CSS transitions provide a way to control animation speed when changing CSS properties.`,
  ],
  [
    "addeventlistener",
    "EventTarget: addEventListener() method",
    `The addEventListener() method of the EventTarget interface sets up a function that will be called whenever the specified event is delivered to the target.

## Syntax

addEventListener(type, listener, options)`,
  ],
  [
    "removeeventlistener",
    "EventTarget: removeEventListener() method",
    `The removeEventListener() method removes an event listener previously registered with addEventListener().`,
  ],
  [
    "grid-template-columns",
    "grid-template-columns",
    `The grid-template-columns CSS property defines the line names and track sizing functions of the grid columns.

## Syntax

grid-template-columns: repeat(3, 1fr);`,
  ],
  [
    "grid-template-rows",
    "grid-template-rows",
    `The grid-template-rows CSS property defines the line names and track sizing functions of the grid rows.`,
  ],
  [
    "grid-layout",
    "CSS grid layout",
    `The CSS grid layout module excels at dividing a page into major regions. grid-template-columns and grid-template-rows define the tracks.`,
  ],
  [
    "accessibility",
    "Accessibility",
    `Accessibility is the practice of making websites usable by as many people as possible, including people with disabilities.

## Keyboard

Every control must be reachable with the keyboard.`,
  ],
  [
    "keyboard-navigable-widgets",
    "Keyboard-navigable JavaScript widgets",
    `This guide shows how to make widgets accessible with the keyboard, an accessibility requirement.`,
  ],
  [
    "json-parse",
    "JSON.parse()",
    `The JSON.parse() static method parses a JSON string, constructing the JavaScript value or object described by the string.`,
  ],
  [
    "json-stringify",
    "JSON.stringify()",
    `The JSON.stringify() static method converts a JavaScript value to a JSON string.`,
  ],
  [
    "localstorage",
    "Window: localStorage property",
    `The localStorage read-only property of the window interface allows you to access a Storage object for the document's origin; the stored data is saved across browser sessions.`,
  ],
  [
    "web-storage-api",
    "Web Storage API",
    `The Web Storage API provides mechanisms by which browsers can store key/value pairs: sessionStorage and localStorage.`,
  ],
  [
    "intersection-observer-api",
    "Intersection Observer API",
    `The Intersection Observer API provides a way to asynchronously observe changes in the intersection of a target element with an ancestor element or with the viewport.`,
  ],
  [
    "csp",
    "Content Security Policy (CSP)",
    `Content Security Policy is a feature that helps to prevent or minimize the risk of certain types of security threats, such as cross-site scripting.`,
  ],
  [
    "canvas-api",
    "Canvas API",
    `The Canvas API provides a means for drawing graphics via JavaScript and the HTML canvas element.`,
  ],
  [
    "websockets-api",
    "The WebSocket API (WebSockets)",
    `The WebSocket API makes it possible to open a two-way interactive communication session between the user's browser and a server.`,
  ],
  [
    "flexbox",
    "Basic concepts of flexbox",
    `The flexible box layout module, usually referred to as flexbox, was designed as a one-dimensional layout model.`,
  ],
  [
    "cors",
    "Cross-Origin Resource Sharing (CORS)",
    `Cross-Origin Resource Sharing (CORS) is an HTTP-header based mechanism that allows a server to indicate any origins other than its own from which a browser should permit loading resources.`,
  ],
  [
    "async-function",
    "async function",
    `The async function declaration creates a binding of a new async function. The await keyword is permitted within the function body, enabling asynchronous, promise-based behavior.`,
  ],
  [
    "event-loop",
    "The event loop",
    `JavaScript has a runtime model based on an event loop, which is responsible for executing the code, collecting and processing events, and executing queued sub-tasks.`,
  ],
  [
    "regular-expressions",
    "Regular expressions",
    `Regular expressions are patterns used to match character combinations in strings. In JavaScript, regular expressions are also objects.`,
  ],
];

/** Glossary pages that name the reference topics in passing. */
function glossary() {
  const topics = ["promise", "fetch", "worker", "animation", "event", "grid", "label", "storage", "protested"];
  const pages = [];
  for (let i = 0; i < 120; i++) {
    const a = topics[i % topics.length];
    const b = topics[(i * 7 + 3) % topics.length];
    pages.push([
      `glossary-${i}`,
      `Glossary entry ${i}`,
      `${lorem(i + 1, 40)} ${a} ${lorem(i + 101, 30)}.

## Details

${lorem(i + 201, 50)} ${b} ${lorem(i + 301, 20)}.`,
    ]);
  }
  return pages;
}

/** Writes the documentation-like corpus as a dossier in `root`. */
export function writeDocsCorpus(root) {
  mkdirSync(join(root, "content", "pages"), { recursive: true });
  mkdirSync(join(root, "content", "articles"), { recursive: true });
  writeFileSync(
    join(root, "site.toml"),
    `title = "Web docs"\nbase_url = "https://example.org/docs/"\nlanguage = "en"\n`,
  );
  writeFileSync(join(root, "content", "_index.md"), "---\ntitle: Web docs\n---\n\nReference pages.\n");
  for (const [slug, title, body] of [...REFERENCE, ...glossary()]) {
    writeFileSync(join(root, "content", "pages", `${slug}.md`), `---\ntitle: ${JSON.stringify(title)}\n---\n\n${body}\n`);
  }
  // A report in Spanish: indexed with Spanish stems.
  writeFileSync(
    join(root, "content", "articles", "2024-07-30-protestas-caracas.md"),
    `---\ntitle: "Miles salen a la calle en Caracas"\ndate: 2024-07-30\nlanguage: es\n---\n\nLos vecinos protestaron con cacerolas. La protesta siguió durante la noche en varios barrios.\n`,
  );
  writeFileSync(
    join(root, "content", "articles", "2023-05-02-worker-strike.md"),
    `---\ntitle: "Dock worker strike ends"\ndate: 2023-05-02\nlanguage: en\n---\n\nThe dock workers protested for a week before the strike ended.\n`,
  );
}

// ---------------------------------------------------------------- queries

/**
 * [corpus, query, expected]: `expected` lists URL paths (after the base
 * path) each of which must be among the first three results; [] means
 * nothing may match. `filter` narrows by kind or year.
 */
export const QUERIES = [
  ["docs", "promise", ["promise/"]],
  ["docs", "promises", ["using-promises/", "promise/"]],
  ["docs", "fetch", ["fetch-api/", "fetch/"]],
  ["docs", "web worker", ["web-workers-api/", "using-web-workers/"]],
  ["docs", "aria-label", ["aria-label/"]],
  ["docs", "css animation", ["using-css-animations/", "animation/"]],
  ["docs", "addEventListener", ["addeventlistener/"]],
  ["docs", "grid-template-columns", ["grid-template-columns/"]],
  ["docs", "accesibility", ["accessibility/"]],
  ["docs", "json parse", ["json-parse/"]],
  ["docs", "localStorage", ["localstorage/"]],
  ["docs", "intersection observer", ["intersection-observer-api/"]],
  ["docs", "content security policy", ["csp/"]],
  ["docs", "canvas", ["canvas-api/"]],
  ["docs", "websocket", ["websockets-api/"]],
  ["docs", "flexbox", ["flexbox/"]],
  ["docs", "cors", ["cors/"]],
  ["docs", "async await", ["async-function/"]],
  ["docs", "event loop", ["event-loop/"]],
  ["docs", "regular expression", ["regular-expressions/"]],
  ["docs", '"eventual completion"', ["promise/", "using-promises/"]],
  ["docs", '"completion eventual"', []],
  ["docs", "worker -service", ["web-workers-api/", "using-web-workers/"], { absent: ["serviceworker/"] }],
  ["docs", "protestas", ["articles/2024-07-30-protestas-caracas/"]],
  ["docs", "worker", ["articles/2023-05-02-worker-strike/"], { filter: { kind: "Article" } }],
  ["docs", "protested", [], { filter: { kind: "Article", year: "2022" } }],
  ["venezuela", "protest", ["events/post-election-protests-2024/"]],
  ["venezuela", "Maduro", ["people/nicolas-maduro/"]],
  ["venezuela", "Gonzalez", ["people/edmundo-gonzalez-urrutia/"]],
  ["venezuela", "Machado", ["people/maria-corina-machado/"]],
  ["venezuela", "Carter Center", ["organizations/carter-center/"]],
  ["venezuela", "Summit of the Americas", ["events/summit-of-the-americas-2018/"]],
  ["venezuela", "Venezuelan exiles Lima 2018", ["events/lima-exile-march-2018/"]],
  ["venezuela", "Venezuelans fill streets of Peru", ["articles/2018-04-venezuelans-fill-streets-of-peru/"]],
  ["venezuela", "electoral council", ["organizations/national-electoral-council/"]],
  ["venezuela", "Lima", ["places/lima/"]],
  ["venezuela", "pots and pans", ["articles/2024-07-working-class-neighbourhoods-rise-up/"]],
  ["venezuela", "diaspora", ["articles/2024-08-lima-diaspora-rally/"]],
  ["venezuela", "crackdown", ["events/protest-crackdown-2024/"]],
  ["venezuela", '"Maduro winner"', []],
  ["venezuela", "Caracas", ["places/caracas/"]],
  ["venezuela", "Nobel Peace Prize", ["people/maria-corina-machado/"]],
];

// ---------------------------------------------------------------- running

/** The search of the built site in `site`, reading its files from disk. */
export async function openSite(site) {
  const { openIndex } = await import(pathToFileURL(SEARCH_JS).href);
  const data = JSON.parse(readFileSync(join(site, "dossier.json"), "utf8"));
  const base = new URL(data.base_url).pathname;
  let bytes = 0;
  let files = 0;
  const index = openIndex(`${base}search-index/`, async (url, as) => {
    const raw = readFileSync(join(site, url.slice(base.length)));
    bytes += raw.length;
    files += 1;
    return as === "json" ? JSON.parse(raw.toString("utf8")) : new Uint8Array(raw);
  });
  return {
    base,
    index,
    /** Bytes and files read since the last call. */
    take() {
      const out = { bytes, files };
      bytes = 0;
      files = 0;
      return out;
    },
  };
}

/** Builds the docs corpus with `binary` into a temporary folder; its site. */
export function buildDocs(binary, work) {
  const root = join(work, "docs-corpus");
  writeDocsCorpus(root);
  const out = join(work, "docs-site");
  const run = spawnSync(binary, ["build", "--root", root, "--output", out, "--quiet"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`building the docs corpus failed:\n${run.stderr}`);
  return out;
}

async function main() {
  const [binary, venezuela] = process.argv.slice(2);
  if (!binary || !venezuela) {
    console.error("usage: node tests/search_relevance.mjs <dossier binary> <built Venezuela site>");
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), "dossier-relevance-"));
  let failed = 0;
  try {
    const sites = { docs: await openSite(buildDocs(resolve(binary), work)), venezuela: await openSite(resolve(venezuela)) };
    for (const [corpus, query, expected, options = {}] of QUERIES) {
      const site = sites[corpus];
      const found = await site.index.search(query, 30, options.filter);
      const top = found.results.map((r) => r.url.slice(site.base.length));
      const problems = [];
      if (expected.length === 0 && found.total > 0) problems.push(`expected nothing, found ${top.slice(0, 3).join(", ")}`);
      for (const want of expected) {
        if (!top.slice(0, 3).includes(want)) problems.push(`${want} not in the top three`);
      }
      for (const never of options.absent || []) if (top.includes(never)) problems.push(`${never} should be excluded`);
      const label = `${corpus}: ${query}${options.filter ? ` ${JSON.stringify(options.filter)}` : ""}`;
      if (problems.length === 0) console.log(`ok   ${label}`);
      else {
        failed++;
        console.log(`FAIL ${label}: ${problems.join("; ")} (top: ${top.slice(0, 5).join(", ") || "none"})`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`relevance: ${QUERIES.length - failed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
