// Raster pictures as a reader's browser shows them (issue 25), on the figure test site
// (figure-site.mjs, served at FIGURE_SITE_URL by run.sh): at phone and desktop widths the figure
// fits the screen, the browser picks the WebP variant of srcset that matches the width, width and
// height reserve the picture's box (no layout shift while it arrives), caption and credit show, and
// a later picture waits until the reader scrolls to it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./browser.mjs";

const ARTICLE = new URL("articles/harbour/", process.env.FIGURE_SITE_URL ?? "http://127.0.0.1:8001/").href;

/** Sums the layout shifts not caused by input (CLS as the page sees it) into window.cls. */
function recordLayoutShifts() {
  window.cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.cls += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
}

/** Names of the picture variants (under /_img/) the page has requested so far. */
const requestedVariants = (page) => page.evaluate(() => performance.getEntriesByType("resource")
  .map((r) => new URL(r.name).pathname).filter((path) => path.includes("/_img/")));

/** What the browser shows of the picture in figure number `index` (0-based), once it is loaded. */
async function shown(page, index) {
  const img = page.locator("figure.figure img").nth(index);
  await img.evaluate((el) => el.complete || new Promise((done) => el.addEventListener("load", done, { once: true })));
  return img.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const candidates = el.getAttribute("srcset").split(",").map((part) => {
      const [url, width] = part.trim().split(/\s+/);
      return { url: new URL(url, document.baseURI).href, width: parseInt(width, 10) };
    });
    return {
      currentSrc: el.currentSrc, candidates, loading: el.getAttribute("loading"),
      width: box.width, height: box.height, ratio: el.naturalWidth / el.naturalHeight,
      attrRatio: el.width / el.height, dpr: window.devicePixelRatio,
    };
  });
}

/** The variant a browser should pick: the narrowest one at least as wide as the box in device pixels. */
function expectedVariant(picture) {
  const needed = picture.width * picture.dpr;
  const wide = picture.candidates.filter((c) => c.width >= needed).sort((a, b) => a.width - b.width);
  return (wide[0] ?? picture.candidates.sort((a, b) => b.width - a.width)[0]).url;
}

for (const width of [375, 1280]) {
  test(`a figure at ${width} px: fits, picks its WebP variant, reserves its box, shows caption and credit, loads later pictures lazily`, async () => {
    const browser = await launch({ width, height: 800 });
    try {
      const { page } = browser;
      // The pictures arrive late, as on a slow phone: the text is laid out before them.
      await page.route("**/_img/**", async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        await route.continue();
      });
      await page.addInitScript(recordLayoutShifts);
      const response = await page.goto(ARTICLE, { waitUntil: "load" });
      assert.equal(response.status(), 200, `GET ${ARTICLE}`);

      const first = await shown(page, 0);
      assert.match(first.currentSrc, /\/_img\/harbour-\d+\.[0-9a-f]+\.webp$/, "a WebP variant, not the original PNG");
      assert.equal(first.currentSrc, expectedVariant(first), `the variant for a ${first.width} px box at ${first.dpr}x`);
      assert.ok(Math.abs(first.width / first.height - first.ratio) < 0.01, "the box has the picture's proportions");
      assert.ok(Math.abs(first.attrRatio - first.ratio) < 0.01, "width and height give the real proportions");
      assert.equal(first.loading, "eager", "the first picture loads at once");

      const figure = await page.locator("figure.figure").first().boundingBox();
      assert.ok(figure.x >= 0 && figure.x + figure.width <= width, `the figure (${figure.x}..${figure.x + figure.width}) fits ${width} px`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= width, `the page is ${scroll} px wide at ${width} px`);
      const caption = page.locator("figure.figure figcaption").first();
      assert.ok(await caption.isVisible(), "the caption is visible");
      assert.match(await caption.innerText(), /Boats waiting for the tide\./);
      const credit = caption.locator(".credit");
      assert.ok(await credit.isVisible(), "the credit is visible");
      assert.equal(await credit.innerText(), "Photo: Ana Lima");
      const captionBox = await caption.boundingBox();
      assert.ok(captionBox.x >= 0 && captionBox.x + captionBox.width <= width, "the caption fits the screen");

      assert.deepEqual((await requestedVariants(page)).filter((path) => path.includes("office")), [],
        "the picture far below is not fetched before the reader scrolls");
      await page.locator("figure.figure").nth(1).scrollIntoViewIfNeeded();
      const later = await shown(page, 1);
      assert.equal(later.loading, "lazy");
      assert.equal(later.currentSrc, expectedVariant(later), "the later picture picks its variant too");
      await page.waitForTimeout(200); // let the last layout-shift entries arrive
      assert.equal(await page.evaluate(() => window.cls), 0, "no layout shift (CLS 0) while the pictures arrive");
      assert.deepEqual(browser.problems, [], "no failed requests or console errors");
    } finally {
      await browser.close();
    }
  });
}
