// Browser tests of a built dossier, run by .ci/run:
//
//   node run.mjs <built site folder> <screenshot folder>
//
// Serves the site under its base path on loopback and drives Debian's
// Chromium with playwright-core through a reader's journey (home → person →
// article → entity link → timeline → search "Gonzalez" → result), runs
// axe-core on one page of every kind in light and dark mode, the Nu HTML
// checker on every generated page, and takes screenshots at phone and
// desktop widths. Every page must load without a console error, a failed
// request or a request to another host. Prints one line per check and a
// summary, `browser: N passed, M failed`; exits 1 if anything failed.

import { chromium } from "playwright-core";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";

import { serveSite } from "./serve.mjs";

const require = createRequire(import.meta.url);
const [siteArg, shotsArg] = process.argv.slice(2);
if (!siteArg || !shotsArg) {
  console.error("usage: node run.mjs <built site folder> <screenshot folder>");
  process.exit(2);
}
const SITE = resolve(siteArg);
const SHOTS = resolve(shotsArg);
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Required on this machine: no sandbox as root, and no background traffic
// to hosts the closed network refuses.
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

const data = JSON.parse(readFileSync(join(SITE, "dossier.json"), "utf8"));
const BASE = new URL(data.base_url).pathname;
const entity = (kind) => data.entities.find((e) => e.kind === kind);
const personNamed = (name) => data.entities.find((e) => e.kind === "person" && e.name === name);

// ---------------------------------------------------------------- runner

const results = [];
async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`ok    ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    const detail = error instanceof assert.AssertionError ? error.message : (error?.stack ?? String(error));
    console.log(`FAIL  ${name}\n${indent(detail)}`);
  }
}

/** Fails with every item of `found`, one a line, unless it is empty. */
function none(found, what) {
  if (found.length > 0) throw new assert.AssertionError({ message: `${what}:\n${found.join("\n")}` });
}

function indent(text) {
  return String(text)
    .split("\n")
    .map((line) => `      ${line}`)
    .join("\n");
}

// ---------------------------------------------------------------- browser

const server = await serveSite(SITE, BASE);
const profile = mkdtempSync(join(tmpdir(), "dossier-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_FLAGS,
  viewport: DESKTOP,
});

/** A new tab that records what a reader would not want to see. */
async function openTab() {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    // The 404 page's own status is expected; anything else is a problem.
    const from = message.location()?.url ?? "";
    if (message.type() === "error" && !from.includes("/no-such-page/")) {
      problems.push(`console error: ${message.text()} (${from})`);
    }
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(server.origin) && !url.startsWith("data:") && !url.startsWith("blob:")) {
      problems.push(`request to another host: ${url}`);
    }
  });
  page.on("requestfailed", (request) => {
    problems.push(`failed request: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    // The 404 page is the only page expected to answer 404.
    if (response.status() >= 400 && !response.url().includes("/no-such-page/")) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  page.assertClean = () => none(problems, "the page did not load cleanly");
  return page;
}

async function expectPath(page, pattern) {
  await page.waitForURL((url) => pattern.test(url.pathname + url.search));
}

/** Waits until the search page has listed its results. */
async function searchResults(page) {
  await page.waitForFunction(() => {
    const status = document.getElementById("search-status");
    return status && /match/.test(status.textContent);
  });
  return page.locator("#search-results > li");
}

// ---------------------------------------------------------------- journeys

await check("journey: home → person → article → entity → timeline → search → result", async () => {
  const page = await openTab();
  await page.goto(server.url(BASE));
  await page.locator("#key-people ~ ul a.item-title").first().click();
  await expectPath(page, new RegExp(`^${BASE}people/[a-z0-9-]+/$`));
  const person = await page.locator("h1").textContent();

  await page.locator(".appearances .kind-article a.item-title").first().click();
  await expectPath(page, new RegExp(`^${BASE}articles/[a-z0-9-]+/$`));
  assert.ok(
    (await page.locator(".prose").textContent()).length > 200,
    `the article ${page.url()} reached from ${person} has a body`,
  );

  const mention = page.locator(".prose a.mention").first();
  const target = await mention.getAttribute("href");
  await mention.click();
  await expectPath(page, new RegExp(`^${BASE}(people|places|events|organizations)/[a-z0-9-]+/$`));
  assert.equal(new URL(page.url()).pathname, target);

  await page.locator("#site-nav a", { hasText: "Timeline" }).click();
  await expectPath(page, new RegExp(`^${BASE}timeline/$`));
  assert.equal((await page.locator("h1").textContent()).trim(), "Timeline");

  await page.locator("#site-search-q").fill("Gonzalez");
  await page.locator("#site-search-q").press("Enter");
  await expectPath(page, new RegExp(`^${BASE}search/\\?q=Gonzalez$`));
  const results = await searchResults(page);
  // From a header search, focus lands on the count, read out first.
  await page.waitForFunction(() => document.activeElement?.id === "search-status");
  const hit = results.filter({ hasText: "González Urrutia" }).filter({
    has: page.locator(".kind-label", { hasText: "Person" }),
  });
  assert.ok((await hit.count()) >= 1, "“Gonzalez” finds the person González Urrutia");
  await hit.first().locator("> a").click();
  await expectPath(page, new RegExp(`^${BASE}people/edmundo-gonzalez-urrutia/$`));
  assert.match(await page.locator("h1").textContent(), /Edmundo González Urrutia/);
  page.assertClean();
  await page.close();
});

await check("search page: typing a query lists results with their kind of page", async () => {
  const page = await openTab();
  await page.goto(server.url(`${BASE}search/`));
  await page.locator("#search-q").fill("Caracas");
  const results = await searchResults(page);
  assert.ok((await results.count()) > 1, "several pages mention Caracas");
  const kinds = new Set(await results.locator(".kind-label").allTextContents());
  assert.ok(kinds.has("Article") && kinds.has("Place"), `kinds shown: ${[...kinds]}`);
  for (const href of await results.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
    assert.ok(href.startsWith(BASE), `result ${href} carries the base path`);
  }
  await page.locator("#search-q").fill("zzzznothing");
  await page.waitForFunction(() => /No page matches/.test(document.getElementById("search-status").textContent));
  assert.equal(await results.count(), 0);
  page.assertClean();
  await page.close();
});

await check("search page: a plural query finds pages, its words marked in the excerpts", async () => {
  const page = await openTab();
  await page.goto(server.url(`${BASE}search/?q=protests`));
  const results = await searchResults(page);
  assert.ok((await results.count()) >= 1, "“protests” finds pages");
  // Excerpts come from the index's passages, read as they come into view.
  await page.waitForFunction(() => {
    const first = document.querySelector("#search-results .search-excerpt-box");
    return first && !first.hasAttribute("aria-busy") && first.querySelector(".search-excerpt");
  });
  assert.ok((await results.first().locator("p.search-excerpt").textContent()).length > 20, "the first result has an excerpt");
  const marks = await results.locator(".search-excerpt mark").allTextContents();
  assert.ok(marks.length >= 1, "the excerpts mark the words found");
  assert.ok(marks.every((m) => /^protest/i.test(m)), `marked: ${marks.join(", ")}`);
  const other = await results.locator(".search-excerpt *:not(mark)").count();
  assert.equal(other, 0, "an excerpt holds only text and marks");
  page.assertClean();
  await page.close();
});

await check("search page: excerpts come from the index, linking the heading of the best passage", async () => {
  const page = await openTab();
  const pages = [];
  page.on("request", (r) => pages.push(new URL(r.url()).pathname));
  await page.goto(server.url(`${BASE}search/?q=${encodeURIComponent('"crimes against humanity"')}`));
  const results = await searchResults(page);
  assert.ok((await results.count()) >= 1, "the phrase is found");
  await page.waitForFunction(() => document.querySelector("#search-results p.search-excerpt"));
  const texts = await results.locator(".search-excerpt-box").allTextContents();
  assert.ok(
    texts.some((t) => /crimes against humanity/i.test(t)),
    `an excerpt shows the phrase: ${texts.join(" / ").slice(0, 300)}`,
  );
  const fetched = pages.filter((p) => p.startsWith(BASE) && !p.startsWith(`${BASE}search`) && !p.endsWith(".css") && !p.endsWith(".svg"));
  assert.deepEqual(fetched, [], "no result page is fetched for its excerpt");
  // A result whose best passage is under a heading links that heading,
  // and lists its other passages as sub-results.
  await page.goto(server.url(`${BASE}search/?q=exceptional+manipulation`));
  await searchResults(page);
  const first = page.locator("#search-results .search-result").filter({
    has: page.locator(`a[href^="${BASE}articles/2024-07-31-caracas-opposition-rally/"]`),
  });
  await first.locator(".search-subresults").waitFor();
  assert.equal(
    await first.locator("> a").getAttribute("href"),
    `${BASE}articles/2024-07-31-caracas-opposition-rally/#exceptional-manipulation`,
  );
  const subs = await first.locator(".search-subresults a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(subs.includes(`${BASE}articles/2024-07-31-caracas-opposition-rally/#claims`), `sub-results: ${subs}`);
  await first.locator("> a").click();
  await page.waitForURL((url) => url.hash === "#exceptional-manipulation");
  page.assertClean();
  await page.close();
});

await check("search page: phrases, exclusions and short words", async () => {
  const page = await openTab();
  await page.goto(server.url(`${BASE}search/?q=${encodeURIComponent('"Maduro winner"')}`));
  await page.waitForFunction(() => /No page matches/.test(document.getElementById("search-status").textContent));
  await page.goto(server.url(`${BASE}search/?q=${encodeURIComponent("Summit of the Americas")}`));
  const results = await searchResults(page);
  await page.waitForFunction(() => document.querySelector("#search-results p.search-excerpt"));
  const marks = (await results.locator("mark").allTextContents()).map((m) => m.toLowerCase());
  assert.ok(marks.includes("summit"), `marked: ${marks}`);
  for (const short of ["of", "the", "there"]) assert.ok(!marks.includes(short), `“${short}” is not highlighted: ${marks}`);
  await page.goto(server.url(`${BASE}search/?q=${encodeURIComponent("Maduro -Cabello")}`));
  await searchResults(page);
  const titles = await page.locator("#search-results .search-result > a").allTextContents();
  assert.ok(!titles.some((t) => /Cabello/.test(t)), `no page naming Cabello: ${titles}`);
  page.assertClean();
  await page.close();
});

await check("search page: did you mean, filters, keyboard, one announcement per query", async () => {
  const page = await openTab();
  await page.goto(server.url(`${BASE}search/`));
  assert.equal(await page.locator("#search-results").getAttribute("aria-label"), "Search results");
  // Every change of the status line, as a screen reader hears it.
  await page.evaluate(() => {
    window.announced = [];
    new MutationObserver(() => window.announced.push(document.getElementById("search-status").textContent)).observe(
      document.getElementById("search-status"),
      { childList: true, characterData: true, subtree: true },
    );
  });
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-q", "“/” focuses the search box");
  await page.keyboard.type("caracs");
  await page.waitForFunction(() => /Did you mean “caracas”/.test(document.getElementById("search-status").textContent));
  const results = await searchResults(page);
  assert.ok((await results.count()) > 1, "results for the word meant");
  assert.equal((await page.evaluate(() => window.announced)).filter((t) => t).length, 1, "one announcement");
  await page.keyboard.press("ArrowDown");
  const first = await results.first().locator("> a").getAttribute("href");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), first, "↓ goes to the first result");
  await page.keyboard.press("ArrowDown");
  const second = await results.nth(1).locator("> a").getAttribute("href");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), second, "↓ again to the second");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-q", "↑ from the first goes back to the box");
  // Filters: kinds of page, then years of articles.
  await page.locator("#search-kind").selectOption("Person");
  await page.waitForFunction(() => /kind=Person/.test(location.search));
  await searchResults(page);
  await page.waitForFunction(() =>
    [...document.querySelectorAll("#search-results .kind-label")].every((k) => k.textContent === "Person"),
  );
  await page.locator("#search-kind").selectOption("Article");
  await page.locator("#search-year").selectOption("2024");
  await page.waitForFunction(() => /year=2024/.test(location.search));
  await searchResults(page);
  await page.waitForFunction(() =>
    [...document.querySelectorAll("#search-results .search-result > a")].every((a) => /articles\/2024-/.test(a.getAttribute("href"))),
  );
  page.assertClean();
  await page.close();
});

await check("drawings: a timeline mark, a graph node and a map marker each open their page", async () => {
  const page = await openTab();
  await page.goto(server.url(`${BASE}timeline/`));
  const marks = page.locator("svg.dv-timeline a.dv-link");
  const dated = data.entities.filter((e) => e.kind === "event" && e.date).length + data.articles.length;
  assert.equal(await marks.count(), Math.min(dated, 300), "the timeline draws every event and article as a link");
  const markHref = await marks.first().getAttribute("href");
  await marks.first().click();
  await expectPath(page, new RegExp(`^${markHref}$`));

  await page.goto(server.url(`${BASE}graph/`));
  const nodes = page.locator("svg.dv-graph a.dv-link");
  assert.ok((await nodes.count()) > 1, "the graph draws entities as links");
  const hrefs = await nodes.evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.equal(new Set(hrefs).size, hrefs.length, "no entity is drawn twice");
  const node = nodes.filter({ has: page.locator("text") }).first();
  const nodeHref = await node.getAttribute("href");
  await node.locator("circle").click();
  await expectPath(page, new RegExp(`^${nodeHref}$`));

  await page.goto(server.url(`${BASE}places/`));
  const markers = page.locator("svg.dv-map a.dv-link");
  const located = data.entities.filter((e) => e.kind === "place" && e.coordinates).length;
  assert.equal(await markers.count(), Math.min(located, 400), "one marker per place with coordinates");
  if (located > 0) {
    const markerHref = await markers.first().getAttribute("href");
    await markers.first().locator("circle").click();
    await expectPath(page, new RegExp(`^${markerHref}$`));
    assert.equal(await page.locator("svg.dv-map .dv-point-focus").count(), 1, "the place page maps it as the focus");
  }
  page.assertClean();
  await page.close();
});

await check("drawings: labels do not overlap on screen", async () => {
  const page = await openTab();
  const overlaps = [];
  for (const path of [`${BASE}timeline/`, `${BASE}graph/`, `${BASE}places/`]) {
    await page.goto(server.url(path));
    const found = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll("svg.dv text")]
        .filter((t) => t.textContent.trim() !== "")
        .map((t) => ({ text: t.textContent.trim(), r: t.getBoundingClientRect() }));
      const out = [];
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].r;
          const b = boxes[j].r;
          // One pixel of slack: glyph boxes include line spacing.
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
            out.push(`“${boxes[i].text}” and “${boxes[j].text}”`);
          }
        }
      }
      return out;
    });
    overlaps.push(...found.map((f) => `${path}: ${f}`));
  }
  none(overlaps, "overlapping labels");
  page.assertClean();
  await page.close();
});

// ---------------------------------------------------------------- axe-core

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const pageKinds = [
  ["home", BASE],
  ["article", data.articles[0].path],
  ["person", personNamed("Edmundo González Urrutia")?.path ?? entity("person").path],
  ["place", (data.entities.find((e) => e.kind === "place" && e.coordinates) ?? entity("place")).path],
  ["event", entity("event").path],
  ["organization", entity("organization").path],
  ["list of articles", `${BASE}articles/`],
  ["list of people", `${BASE}people/`],
  ["list of places", `${BASE}places/`],
  ["list of events", `${BASE}events/`],
  ["list of organizations", `${BASE}organizations/`],
  ["timeline", `${BASE}timeline/`],
  ["tags", `${BASE}tags/`],
  ["one tag", `${BASE}tags/${data.articles.flatMap((a) => a.tags)[0] ?? ""}/`],
  ["search with results", `${BASE}search/?q=Gonzalez`],
  ["graph", `${BASE}graph/`],
  ["print edition", `${BASE}print/`],
  ["404", `${BASE}no-such-page/`],
  ["about", `${BASE}about/`],
];

for (const scheme of ["light", "dark"]) {
  for (const [kind, path] of pageKinds) {
    await check(`axe-core, ${scheme}: ${kind} (${path})`, async () => {
      const page = await openTab();
      await page.emulateMedia({ colorScheme: scheme });
      const response = await page.goto(server.url(path));
      assert.equal(response.status(), kind === "404" ? 404 : 200, `status of ${path}`);
      if (kind.startsWith("search")) await searchResults(page);
      await page.evaluate(axeSource);
      const { violations } = await page.evaluate(() =>
        window.axe.run(document, { resultTypes: ["violations"] }),
      );
      const found = violations.map((v) => {
        const where = v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(" ")} — ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`);
        return `${v.id} (${v.impact}, ${v.nodes.length}×) ${v.help}\n  ${where.join("\n  ")}`;
      });
      none(found, "axe-core violations");
      page.assertClean();
      await page.close();
    });
  }
}

// ---------------------------------------------------------------- screenshots

const placeWithMap = data.entities.find(
  (e) => e.kind === "place" && e.coordinates && data.entities.some((c) => c.within === e.ref),
) ?? data.entities.find((e) => e.kind === "place" && e.coordinates);
const shots = [
  ["home", BASE],
  ["person", personNamed("Edmundo González Urrutia")?.path ?? entity("person").path],
  ["article", data.articles[0].path],
  ["timeline", `${BASE}timeline/`],
  ["graph", `${BASE}graph/`],
  ["map", `${BASE}places/`],
  ...(placeWithMap ? [["place", placeWithMap.path]] : []),
  ["search", `${BASE}search/?q=Gonzalez`],
];
mkdirSync(SHOTS, { recursive: true });
for (const [width, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
  for (const [name, path] of shots) {
    await check(`screenshot: ${name} at ${width} width`, async () => {
      const page = await openTab();
      await page.setViewportSize(viewport);
      await page.goto(server.url(path));
      if (name === "search") await searchResults(page);
      const file = join(SHOTS, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 5000, `${file} holds a picture`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
      page.assertClean();
      await page.close();
    });
  }
}

// Dark mode and print, as a reader switching theme or printing would see them.
for (const [name, path] of [["person", shots[1][1]], ["timeline", `${BASE}timeline/`], ["graph", `${BASE}graph/`], ["map", `${BASE}places/`]]) {
  await check(`screenshot: ${name} in dark mode and in print`, async () => {
    const page = await openTab();
    await page.setViewportSize(PHONE);
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(server.url(path));
    await page.screenshot({ path: join(SHOTS, `${name}-phone-dark.png`), fullPage: true });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(background, "rgb(253, 252, 250)", "dark mode changes the background");
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: "light", media: "print" });
    await page.screenshot({ path: join(SHOTS, `${name}-print.png`), fullPage: true });
    const header = await page.evaluate(() => getComputedStyle(document.getElementById("site-header")).display);
    assert.equal(header, "none", "print leaves out the site header");
    page.assertClean();
    await page.close();
  });
}

await context.close();
await server.close();
rmSync(profile, { recursive: true, force: true });

// ---------------------------------------------------------------- Nu HTML checker

await check("Nu HTML checker: no errors on any generated page", async () => {
  const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
  const run = spawnSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", SITE], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.error, undefined, `java could not run: ${run.error}`);
  const report = (run.stderr + run.stdout).trim();
  assert.equal(run.status, 0, `vnu reported errors:\n${report.split("\n").slice(0, 60).join("\n")}`);
});

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
