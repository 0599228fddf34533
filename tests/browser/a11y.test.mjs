// axe-core (WCAG 2.x A/AA and best practices) on every kind of page, in light and dark mode, at
// phone and desktop widths (the phone layout has its own colours and stacking: filters, badges).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launch, SITE } from "./browser.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PAGES = ["", "articles/apple-picks-alibaba-ai/", "articles/us-officials-warn-apple-alibaba/", "glossary/",
  "glossary/distillation/", "sources/", "sources/arxiv-org/", "sources/arxiv-org/deepseek-r1-paper/", "about/",
  "404.html", "tags/", "tags/ai/", "authors/",
  "authors/glosa-explainer-desk/", "claims/", "claims/accurate/", "claims/inaccurate/", "claims/misleading/",
  "claims/unverified/", "claims/outdated/"];

for (const [colorScheme, width] of [["light", 1280], ["dark", 1280], ["light", 375], ["dark", 375]]) {
  test(`axe finds no violations on any kind of page (${colorScheme}, ${width} px)`, async () => {
    const browser = await launch({ colorScheme, width, height: 800 });
    try {
      const found = [];
      for (const path of PAGES) {
        await browser.page.goto(`${SITE}${path}`, { waitUntil: "load" });
        await browser.page.addScriptTag({ content: axeSource });
        const violations = await browser.page.evaluate(async () => (await window.axe.run(document)).violations);
        for (const v of violations) found.push(`/${path}: ${v.id} (${v.impact}) ${v.nodes[0]?.target}`);
      }
      assert.deepEqual(found, []);
    } finally {
      await browser.close();
    }
  });
}
