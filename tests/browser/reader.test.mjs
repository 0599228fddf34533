// What only a browser shows: popovers by keyboard and tap, sidenote placement at phone and
// desktop widths, reading with JavaScript off, search as you type, and no horizontal scroll.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, SITE } from "./browser.mjs";

const ARTICLE = `${SITE}articles/apple-picks-alibaba-ai/`;

async function withPage(options, url, body) {
  const browser = await launch(options);
  try {
    const response = await browser.page.goto(url, { waitUntil: "load" });
    assert.equal(response.status(), 200, `GET ${url}`);
    await body(browser.page);
    assert.deepEqual(browser.problems, [], "no failed requests or console errors");
  } finally {
    await browser.close();
  }
}

const openPopover = (page) => page.evaluate(() => document.querySelector(":popover-open")?.id ?? null);

test("keyboard: Tab reaches a term, Enter opens its definition, Escape closes it and keeps focus", async () => {
  await withPage({}, ARTICLE, async (page) => {
    let focused = null;
    for (let i = 0; i < 80 && !focused; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.matches("button.term") ? document.activeElement.id : null);
    }
    assert.ok(focused, "a term button is reachable with Tab");
    await page.keyboard.press("Enter");
    const target = await page.evaluate((id) => document.getElementById(id).getAttribute("popovertarget"), focused);
    assert.equal(await openPopover(page), target);
    const box = await page.locator(`#${target}`).boundingBox();
    assert.ok(box && box.width > 50 && box.x >= 0 && box.x + box.width <= 1280, "popover visible in the viewport");
    assert.match(await page.locator(`#${target}`).innerText(), /\w+/);
    await page.keyboard.press("Escape");
    assert.equal(await openPopover(page), null);
    assert.equal(await page.evaluate(() => document.activeElement?.id), focused, "focus returns to the term");
  });
});

test("a term is announced as a button that describes a definition", async () => {
  await withPage({}, ARTICLE, async (page) => {
    const term = page.locator("button.term").first();
    assert.equal(await term.evaluate((el) => el.tagName), "BUTTON");
    const described = await term.getAttribute("aria-describedby");
    assert.ok(described && (await page.locator(`#${described}`).count()) === 1);
  });
});

test("tap on a claim's verdict opens its note and sources; clicking outside closes it", async () => {
  await withPage({ width: 375, height: 800 }, ARTICLE, async (page) => {
    const verdict = page.locator("button.claim__verdict").first();
    await verdict.scrollIntoViewIfNeeded();
    await verdict.click();
    const open = await openPopover(page);
    assert.ok(open && open.endsWith("-pop"), `claim popover open (${open})`);
    const pop = page.locator(`#${open}`);
    assert.match(await pop.innerText(), /Sources?:/);
    const box = await pop.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 375, "claim popover fits a phone screen");
    await page.mouse.click(5, 5);
    assert.equal(await openPopover(page), null);
  });
});

test("sidenotes sit in the right margin at 1280 px", async () => {
  await withPage({ width: 1280 }, ARTICLE, async (page) => {
    const note = page.locator(".sidenote").first();
    const paragraph = page.locator(".sidenote").first().locator("xpath=ancestor::p[1]");
    const [n, p] = [await note.boundingBox(), await paragraph.boundingBox()];
    assert.ok(n && p, "note and paragraph are laid out");
    assert.ok(n.x >= p.x + p.width - 1, `note (x=${n.x}) right of its paragraph (ends ${p.x + p.width})`);
    assert.ok(Math.abs(n.y - p.y) < p.height + 400, "note sits beside its paragraph");
  });
});

test("sidenotes are hidden toggles that open inline at 375 px", async () => {
  await withPage({ width: 375, height: 800 }, ARTICLE, async (page) => {
    const note = page.locator(".sidenote").first();
    assert.equal(await note.isVisible(), false, "closed until tapped");
    const toggle = page.locator("label.sidenote-toggle").first();
    await toggle.scrollIntoViewIfNeeded();
    await toggle.click();
    assert.equal(await note.isVisible(), true, "opens on tap");
    const box = await note.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 375, "inline, inside the screen");
  });
});

test("with JavaScript off the article reads whole and a definition still opens", async () => {
  await withPage({ javaScriptEnabled: false }, ARTICLE, async (page) => {
    const text = await page.locator("main").innerText();
    assert.match(text, /Alibaba Chairman Joe Tsai told reporters/);
    const term = page.locator("button.term").first();
    await term.scrollIntoViewIfNeeded();
    await term.click();
    assert.equal(await openPopover(page), await term.getAttribute("popovertarget"));
  });
});

test("search finds distillation as you type", async () => {
  await withPage({}, SITE, async (page) => {
    const toggle = page.locator(".search__toggle");
    if (await toggle.isVisible()) await toggle.click();
    const input = page.locator("#search-q");
    await input.fill("distillation");
    const first = page.locator("#search-results a").first();
    await first.waitFor({ timeout: 5000 });
    assert.match(await page.locator("#search-results").innerText(), /distillation/i);
    assert.match(await first.getAttribute("href"), /\/glossary\/distillation\/|\/articles\//);
  });
});

/** Bytes of the search files (under /search/) the page has loaded so far, as resource timing tells. */
const searchBytes = (page) => page.evaluate(() => performance.getEntriesByType("resource")
  .filter((r) => new URL(r.name).pathname.includes("/search/"))
  .reduce((sum, r) => sum + (r.encodedBodySize || r.transferSize), 0));

test("search loads a small manifest before the first keystroke and at most 300 KB a query", async (t) => {
  for (const [query, expected] of [["distillation", /distillation/i], ["qwen model", /qwen/i], ["the", /./], ["d", null]]) {
    await withPage({}, SITE, async (page) => {
      const toggle = page.locator(".search__toggle");
      if (await toggle.isVisible()) await toggle.click();
      const input = page.locator("#search-q");
      await input.focus();
      await page.waitForFunction(() => performance.getEntriesByType("resource").some((r) => r.name.includes("/search/manifest.json")));
      const before = await searchBytes(page);
      assert.ok(before > 0 && before <= 50_000, `the manifest is ${before} bytes`);
      await input.fill(query);
      await page.locator("#search-status").filter({ hasText: /result/ }).waitFor({ timeout: 5000 });
      if (expected) assert.match(await page.locator("#search-results").innerText(), expected);
      const bytes = await searchBytes(page);
      t.diagnostic(`search "${query}": ${before} bytes before the first keystroke, ${bytes} in all`);
      assert.ok(bytes <= 300_000, `search "${query}" loaded ${bytes} bytes`);
      const files = await page.evaluate(() => performance.getEntriesByType("resource").filter((r) => r.name.includes("/search/")).length);
      const shards = await page.evaluate(() => fetch(document.querySelector(".search").dataset.index).then((r) => r.json()).then((m) => Object.keys(m.shards).length));
      assert.ok(files < shards, `search "${query}" loaded ${files} files, not all ${shards} shards`);
    });
  }
});

for (const width of [320, 375, 768, 1280, 1680]) {
  test(`no horizontal scroll at ${width} px on the home, article, glossary and term pages`, async () => {
    for (const path of ["", "articles/apple-picks-alibaba-ai/", "glossary/", "glossary/distillation/"]) {
      await withPage({ width, height: 900 }, `${SITE}${path}`, async (page) => {
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scroll <= width, `/${path} is ${scroll}px wide at ${width}px`);
      });
    }
  });
}

const NEWSROOM = ["tags/", "tags/ai/", "authors/", "authors/glosa-explainer-desk/", "claims/", "claims/accurate/",
  "claims/inaccurate/", "claims/misleading/", "claims/unverified/", "claims/outdated/", "sources/"];

for (const width of [375, 1280]) {
  test(`no horizontal scroll at ${width} px on the tag, author, claims and sources pages`, async () => {
    const browser = await launch({ width, height: 800 });
    try {
      const wide = [];
      for (const path of NEWSROOM) {
        // networkidle: the favicon, fetched after load, would be cut off by the next page.
        const response = await browser.page.goto(`${SITE}${path}`, { waitUntil: "networkidle" });
        assert.equal(response.status(), 200, `GET /${path}`);
        const scroll = await browser.page.evaluate(() => document.documentElement.scrollWidth);
        if (scroll > width) wide.push(`/${path} is ${scroll}px wide`);
      }
      assert.deepEqual(wide, []);
      assert.deepEqual(browser.problems, [], "no failed requests or console errors");
    } finally {
      await browser.close();
    }
  });
}

test("every verdict icon is drawn by an installed font, not a missing-glyph box", async () => {
  await withPage({}, `${SITE}claims/`, async (page) => {
    const icons = await page.locator(".claim-filters .verdict__icon").evaluateAll((spans) => spans.map((span) => {
      // The icon and a character no font has (U+0378 is unassigned), drawn in the icon's own font:
      // the same pixels mean the browser found no glyph for the icon either.
      const draw = (text) => {
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 64;
        const context = canvas.getContext("2d");
        context.font = `48px ${getComputedStyle(span).fontFamily}`;
        context.fillText(text, 8, 52);
        return context.getImageData(0, 0, 64, 64).data.join();
      };
      // The claim popover's label draws the same icon from the stylesheet (content: "✓ " / "").
      const verdict = span.parentElement.className.replace("v--", "");
      const label = document.body.appendChild(document.createElement("span"));
      label.className = `claim-pop__verdict claim-pop__verdict--${verdict}`;
      const popoverIcon = getComputedStyle(label, "::before").content.match(/^"(\S+) "/)?.[1];
      label.remove();
      return { verdict, icon: span.textContent, popoverIcon, missing: draw(span.textContent) === draw("\u0378") };
    }));
    assert.equal(icons.length, 5, "the filters show all five verdicts");
    assert.deepEqual(icons.filter((i) => i.missing), [], "icons without a glyph");
    assert.deepEqual(icons.filter((i) => i.popoverIcon !== i.icon), [], "the popovers show the same icons");
  });
});
