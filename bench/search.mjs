// dossier's search against Pagefind's, side by side, on the same built pages
// and the queries of the relevance suite (tests/search_relevance.mjs):
//
//   node bench/search.mjs <dossier binary> <built Venezuela site> <pagefind binary> [--markdown FILE]
//
// Pagefind comes from npm (`npm install pagefind` in a temporary folder; its
// binary ships in the package, node_modules/.bin/pagefind); it is never
// committed. The documentation-like corpus is generated and built as the
// relevance suite builds it; the Venezuela site is copied first, since
// Pagefind writes its index into the site. Each engine then runs every
// query in Debian's Chromium (playwright-core from tests/browser) with a
// cold cache — a new browser context per query — loading its own script and
// index over loopback HTTP: the time from the query to the first five results
// with their excerpts, and the bytes of index files fetched. Prints both
// engines' top five per query, the bytes and times, the build time and the
// index size; --markdown also writes them as a markdown section for
// BENCHMARKS.md.

import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { QUERIES, buildDocs } from "../tests/search_relevance.mjs";
import { serveSite } from "../tests/browser/serve.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(HERE, "..", "tests", "browser", "package.json"));
const { chromium } = require("playwright-core");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"];

/** Bytes and files under `dir`, leaving out names matching `skip`. */
function sizeOf(dir, skip = /\.gz$/) {
  let bytes = 0;
  let files = 0;
  for (const name of readdirSync(dir, { recursive: true })) {
    if (skip.test(name)) continue;
    const info = statSync(join(dir, name));
    if (info.isFile()) {
      bytes += info.size;
      files += 1;
    }
  }
  return { bytes, files };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** Runs `query` with dossier's search.js in a fresh context of `browser`. */
async function dossierQuery(browser, origin, base, query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}${base}search/`);
  const out = await page.evaluate(
    async ({ base, query }) => {
      const { openIndex } = await import(`${base}search.js`);
      performance.clearResourceTimings();
      const started = performance.now();
      const index = openIndex(`${base}search-index/`);
      const found = await index.search(query, 30);
      const top = found.results.slice(0, 5);
      await Promise.all(top.map((r) => index.excerpt(r)));
      const ms = performance.now() - started;
      const bytes = performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("/search-index/"))
        .reduce((sum, e) => sum + e.encodedBodySize, 0);
      return { ms, bytes, top: top.map((r) => r.url), total: found.total };
    },
    { base, query },
  );
  await context.close();
  return out;
}

/** Runs `query` with Pagefind's own script in a fresh context of `browser`. */
async function pagefindQuery(browser, origin, base, query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}${base}search/`);
  const out = await page.evaluate(
    async ({ base, query }) => {
      performance.clearResourceTimings();
      const started = performance.now();
      const pagefind = await import(`${base}pagefind/pagefind.js`);
      await pagefind.options({ baseUrl: base });
      const found = await pagefind.search(query);
      const top = await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
      const ms = performance.now() - started;
      const bytes = performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("/pagefind/"))
        .reduce((sum, e) => sum + e.encodedBodySize, 0);
      return { ms, bytes, top: top.map((d) => d.url), total: found.results.length };
    },
    { base, query },
  );
  await context.close();
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const markdownAt = args.indexOf("--markdown");
  const markdown = markdownAt >= 0 ? args.splice(markdownAt, 2)[1] : null;
  const [binary, venezuela, pagefindBin] = args;
  if (!binary || !venezuela || !pagefindBin) {
    console.error("usage: node bench/search.mjs <dossier binary> <built Venezuela site> <pagefind binary> [--markdown FILE]");
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), "dossier-search-bench-"));
  const lines = [];
  const say = (line = "") => {
    console.log(line);
    lines.push(line);
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const sites = {};
    let t = performance.now();
    sites.docs = { dir: buildDocs(resolve(binary), work) };
    sites.docs.dossierBuild = performance.now() - t;
    sites.venezuela = { dir: join(work, "venezuela") };
    cpSync(resolve(venezuela), sites.venezuela.dir, { recursive: true });
    say("| corpus | engine | build (ms) | index | files |");
    say("| --- | --- | --- | --- | --- |");
    for (const [name, site] of Object.entries(sites)) {
      t = performance.now();
      const run = spawnSync(pagefindBin, ["--site", site.dir, "--output-subdir", "pagefind"], { encoding: "utf8" });
      if (run.status !== 0) throw new Error(`pagefind failed on ${name}:\n${run.stderr}${run.stdout}`);
      site.pagefindBuild = performance.now() - t;
      const ours = sizeOf(join(site.dir, "search-index"));
      const theirs = sizeOf(join(site.dir, "pagefind"));
      say(`| ${name} | dossier | ${site.dossierBuild ? site.dossierBuild.toFixed(0) + " (whole site)" : "—"} | ${kb(ours.bytes)} | ${ours.files} |`);
      say(`| ${name} | Pagefind | ${site.pagefindBuild.toFixed(0)} (index only) | ${kb(theirs.bytes)} | ${theirs.files} |`);
      const data = JSON.parse((await import("node:fs")).readFileSync(join(site.dir, "dossier.json"), "utf8"));
      site.base = new URL(data.base_url).pathname;
      site.server = await serveSite(site.dir, site.base);
    }
    say();
    say("| corpus | query | dossier top five | Pagefind top five | dossier KB / ms | Pagefind KB / ms |");
    say("| --- | --- | --- | --- | --- | --- |");
    const stats = { dossier: { bytes: [], ms: [] }, pagefind: { bytes: [], ms: [] } };
    for (const [corpus, query, , options = {}] of QUERIES) {
      if (options.filter) continue;
      const site = sites[corpus];
      const origin = site.server.origin;
      const ours = await dossierQuery(browser, origin, site.base, query);
      const theirs = await pagefindQuery(browser, origin, site.base, query);
      const short = (urls) => urls.map((u) => u.slice(site.base.length).replace(/\/$/, "") || "/").join(", ") || "—";
      for (const [engine, r] of [["dossier", ours], ["pagefind", theirs]]) {
        stats[engine].bytes.push(r.bytes);
        stats[engine].ms.push(r.ms);
      }
      say(
        `| ${corpus} | \`${query.replace(/\|/g, "\\|")}\` | ${short(ours.top)} | ${short(theirs.top)} | ${kb(ours.bytes)} / ${ours.ms.toFixed(0)} | ${kb(theirs.bytes)} / ${theirs.ms.toFixed(0)} |`,
      );
    }
    say();
    for (const engine of ["dossier", "pagefind"]) {
      say(
        `${engine}: median ${kb(median(stats[engine].bytes))} and ${median(stats[engine].ms).toFixed(0)} ms per cold query (largest ${kb(Math.max(...stats[engine].bytes))}, slowest ${Math.max(...stats[engine].ms).toFixed(0)} ms)`,
      );
    }
    for (const site of Object.values(sites)) await site.server.close();
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
  if (markdown) writeFileSync(markdown, lines.join("\n") + "\n");
}

await main();
