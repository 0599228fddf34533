// The browser half of scripts/audit.sh: on every HTML page of a built site served at SITE_URL
// (files in SITE_DIR), axe-core in light and dark mode, an internal link and #fragment check,
// requests to other hosts, horizontal scroll at 320 px, and on every article with JavaScript off
// whether each popover opens by a click; plus the CSS and JS bytes an article loads. Writes
// browser.json into REPORT_DIR and prints one line per judge.
//
//   SITE_URL=http://127.0.0.1:PORT/ SITE_DIR=public REPORT_DIR=dir node audit.mjs
import { chromium } from "playwright-core";
import { readFileSync, readdirSync, statSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";

const SITE = new URL(process.env.SITE_URL);
const DIR = process.env.SITE_DIR;
const REPORT_DIR = process.env.REPORT_DIR;
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Every file under `dir`, as paths relative to it with `/` between folders. */
function files(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => name.split(sep).join("/"))
    .sort();
}

/** The site URL of an HTML file: `a/index.html` is `a/`. */
const urlOf = (file) => new URL(file.replace(/(^|\/)index\.html$/, "$1"), SITE).href;

/** The file a same-site URL names, or null when it leaves the site's base path. */
function fileOf(url) {
  if (!url.pathname.startsWith(SITE.pathname)) return null;
  let path = decodeURIComponent(url.pathname.slice(SITE.pathname.length));
  if (path === "" || path.endsWith("/")) path += "index.html";
  if (existsSync(join(DIR, path)) && statSync(join(DIR, path)).isDirectory()) path += "/index.html";
  return path;
}

/** Debian's Chromium, headless, with a fresh profile; no request leaves the machine. */
async function launch(options) {
  const profile = mkdtempSync(join(tmpdir(), "glosa-audit-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
    ...options,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, async close() { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

const all = files(DIR);
const pages = all.filter((file) => file.endsWith(".html"));
const articles = pages.filter((file) => file.startsWith("articles/"));
const report = { pages: pages.length, axe: {}, links: {}, offsite: [], failed: [], scroll320: [], nojs: {}, assets: {} };

// axe in light and dark mode; in the light pass the links, ids and requests of every page too.
const ids = new Map(); // file -> Set of ids
const links = []; // [page file, href as written, absolute URL]
for (const colorScheme of ["light", "dark"]) {
  const browser = await launch({ colorScheme, viewport: { width: 1280, height: 900 } });
  const violations = [];
  browser.context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin !== SITE.origin && !url.protocol.startsWith("data")) report.offsite.push(url.href);
  });
  browser.context.on("response", (response) => {
    if (response.status() >= 400 && !response.url().endsWith("404.html")) report.failed.push(`${response.status()} ${response.url()}`);
  });
  for (const file of pages) {
    await browser.page.goto(urlOf(file), { waitUntil: "load" });
    await browser.page.addScriptTag({ content: axeSource });
    const found = await browser.page.evaluate(async () => (await window.axe.run(document)).violations);
    for (const v of found) violations.push({ page: file, rule: v.id, impact: v.impact, node: String(v.nodes[0]?.target) });
    if (colorScheme === "light") {
      const seen = await browser.page.evaluate(() => ({
        ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
        refs: [
          ...[...document.querySelectorAll("a[href], link[href], area[href]")].map((e) => [e.getAttribute("href"), e.href]),
          ...[...document.querySelectorAll("[src]")].map((e) => [e.getAttribute("src"), e.src]),
          ...[...document.querySelectorAll("[srcset]")].flatMap((e) =>
            e.getAttribute("srcset").split(",").map((s) => s.trim().split(/\s+/)[0]).map((s) => [s, new URL(s, document.baseURI).href])),
        ],
        // References inside the page: popover targets, labels, ARIA relations.
        local: [...document.querySelectorAll("[popovertarget], label[for], [aria-controls], [aria-labelledby], [aria-describedby]")]
          .flatMap((e) => ["popovertarget", "for", "aria-controls", "aria-labelledby", "aria-describedby"]
            .flatMap((name) => (e.getAttribute(name) ?? "").split(/\s+/).filter(Boolean))),
      }));
      ids.set(file, new Set(seen.ids));
      for (const [written, absolute] of seen.refs) links.push([file, written, absolute]);
      for (const id of seen.local) if (!seen.ids.includes(id)) links.push([file, `(in-page reference) ${id}`, null]);
    }
  }
  report.axe[colorScheme] = violations;
  await browser.close();
}

// Internal links and fragments: every same-site URL is a file of the site, every #fragment an id
// of the page it points to. CSS url()s are checked against files as well.
const broken = [];
let internal = 0;
let external = 0;
for (const [file, written, absolute] of links) {
  if (absolute === null) { broken.push(`${file}: ${written} is not an id of the page`); continue; }
  const url = new URL(absolute);
  if (url.origin !== SITE.origin) { external += 1; continue; }
  internal += 1;
  const target = fileOf(url);
  if (target === null || !all.includes(target)) { broken.push(`${file}: ${written} (no file ${target ?? url.pathname})`); continue; }
  const fragment = decodeURIComponent(url.hash.slice(1));
  if (fragment && target.endsWith(".html") && !ids.get(target)?.has(fragment)) broken.push(`${file}: ${written} (no id "${fragment}" in ${target})`);
}
for (const css of all.filter((file) => file.endsWith(".css"))) {
  for (const [, ref] of readFileSync(join(DIR, css), "utf8").matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
    if (ref.startsWith("data:") || ref.startsWith("#")) continue;
    internal += 1;
    const target = fileOf(new URL(ref, new URL(css, SITE)));
    if (target === null || !all.includes(target)) broken.push(`${css}: url(${ref})`);
  }
}
report.links = { internal, external, broken };

// Phones: no page scrolls sideways at 320 px.
{
  const browser = await launch({ viewport: { width: 320, height: 800 } });
  for (const file of pages) {
    await browser.page.goto(urlOf(file), { waitUntil: "load" });
    const width = await browser.page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) report.scroll320.push(`${file}: ${width} px`);
  }
  await browser.close();
}

/** Opens what hides `invoker` as a reader would: the sidenote it sits in (a tap on the note's
 * number, a label for the checkbox before the note) or the popover it sits in (its own button). */
async function reveal(page, invoker) {
  const container = await invoker.evaluate((element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const box = node.previousElementSibling;
      if (box?.matches("input[type=checkbox][id]")) return { label: box.id };
      if (node.hasAttribute("popover") && node.id) return { popover: node.id };
    }
    return null;
  });
  if (container?.label) await page.locator(`label[for="${container.label}"]`).first().click();
  if (container?.popover) await page.locator(`[popovertarget="${container.popover}"]`).first().click();
}

// JavaScript off: each article's text is there and every popover opens by a click, at phone width.
{
  const browser = await launch({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
  for (const file of articles) {
    await browser.page.goto(urlOf(file), { waitUntil: "load" });
    const words = (await browser.page.locator("main").innerText()).split(/\s+/).length;
    const invokers = browser.page.locator("[popovertarget]");
    const total = await invokers.count();
    let opened = 0;
    const closed = [];
    for (let i = 0; i < total; i += 1) {
      const invoker = invokers.nth(i);
      const target = await invoker.getAttribute("popovertarget");
      if (!(await invoker.isVisible())) await reveal(browser.page, invoker);
      if (!(await invoker.isVisible())) { closed.push(`${target} (its button stays hidden)`); continue; }
      await invoker.scrollIntoViewIfNeeded();
      await invoker.click();
      const open = await browser.page.evaluate((id) => document.getElementById(id)?.matches(":popover-open") ?? false, target);
      if (open) opened += 1; else closed.push(target);
      // Start the next one from the page as loaded: no note left open, no popover.
      await browser.page.goto(urlOf(file), { waitUntil: "load" });
    }
    report.nojs[file] = { words, popovers: total, opened, closed };
  }
  await browser.close();
}

// What an article costs to style and script: the CSS and JS files it loads, as served.
{
  const browser = await launch({ viewport: { width: 1280, height: 900 } });
  const file = articles[0];
  const sizes = {};
  browser.page.on("response", async (response) => {
    const type = response.request().resourceType();
    if (type === "stylesheet" || type === "script") sizes[new URL(response.url()).pathname] = (await response.body()).length;
  });
  await browser.page.goto(urlOf(file), { waitUntil: "networkidle" });
  report.assets = { page: file, files: sizes, bytes: Object.values(sizes).reduce((a, b) => a + b, 0) };
  await browser.close();
}

writeFileSync(join(REPORT_DIR, "browser.json"), JSON.stringify(report, null, 2));
const count = (list) => list.length;
const popovers = Object.values(report.nojs).reduce((sum, a) => sum + a.popovers, 0);
const opened = Object.values(report.nojs).reduce((sum, a) => sum + a.opened, 0);
console.log(`axe (all ${pages.length} pages): ${count(report.axe.light)} violations in light mode, ${count(report.axe.dark)} in dark mode`);
for (const v of [...report.axe.light, ...report.axe.dark].slice(0, 10)) console.log(`  ${v.page}: ${v.rule} (${v.impact}) ${v.node}`);
console.log(`links: ${internal} internal links and #fragments checked, ${count(broken)} broken; ${external} to other sites (not followed)`);
for (const b of broken.slice(0, 10)) console.log(`  ${b}`);
console.log(`requests to other hosts: ${count(report.offsite)}; failed responses: ${count(report.failed)}`);
for (const f of [...report.offsite, ...report.failed].slice(0, 10)) console.log(`  ${f}`);
console.log(`horizontal scroll at 320 px: ${count(report.scroll320)} pages`);
for (const s of report.scroll320.slice(0, 10)) console.log(`  ${s}`);
console.log(`JavaScript off (${articles.length} articles at 375 px): ${opened} of ${popovers} popovers open by a click`);
for (const [file, a] of Object.entries(report.nojs)) if (a.closed.length) console.log(`  ${file}: ${a.closed.slice(0, 5).join(", ")}`);
console.log(`CSS + JS of ${report.assets.page}: ${(report.assets.bytes / 1000).toFixed(1)} KB (${Object.entries(report.assets.files).map(([p, b]) => `${p} ${(b / 1000).toFixed(1)} KB`).join(", ")})`);
const failed = count(report.axe.light) + count(report.axe.dark) + count(broken) + count(report.offsite) + count(report.failed)
  + count(report.scroll320) + (popovers - opened);
process.exitCode = failed === 0 ? 0 : 1;
