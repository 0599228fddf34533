// The deployed site in a browser: served with the Content-Security-Policy from the `_headers`
// file glosa writes, at a domain root (SITE_URL) and under a subpath (SUBPATH_SITE_URL), every
// page loads, popovers and search work, and no request fails and no CSP violation is reported.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, SITE } from "./browser.mjs";

const SUBPATH = process.env.SUBPATH_SITE_URL;
const PAGES = ["", "articles/apple-picks-alibaba-ai/", "glossary/", "glossary/distillation/", "sources/", "about/", "404.html",
  "tags/", "tags/ai/", "authors/glosa-explainer-desk/", "claims/", "claims/misleading/"];

/** The Content-Security-Policy of every path (`/*` or `/repo/*`) in the site's `_headers` file. */
async function policyOf(base) {
  const response = await fetch(`${base}_headers`);
  assert.equal(response.status, 200, `GET ${base}_headers (build with --headers)`);
  const line = (await response.text()).split("\n").find((l) => l.trim().startsWith("Content-Security-Policy:"));
  assert.ok(line, "_headers sets a Content-Security-Policy");
  const policy = line.split(":").slice(1).join(":").trim();
  assert.match(policy, /script-src 'self'/);
  assert.match(policy, /style-src 'self'/);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
  return policy;
}

/** Opens Chromium with `policy` added to every response from `base`, and records CSP violations. */
async function openSite(base, policy) {
  const browser = await launch();
  const context = browser.page.context();
  await context.route(`${base}**`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": policy } });
  });
  context.on("response", (r) => {
    if (r.status() >= 400) browser.problems.push(`${r.status()}: ${r.url()}`);
  });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
  });
  const close = browser.close;
  // A route handler still running when the browser closes must not fail the test.
  browser.close = async () => {
    await context.unrouteAll({ behavior: "ignoreErrors" });
    await close();
  };
  return browser;
}

async function visitEveryPage(base) {
  const policy = await policyOf(base);
  const browser = await openSite(base, policy);
  const { page, problems } = browser;
  try {
    for (const path of PAGES) {
      const response = await page.goto(`${base}${path}`, { waitUntil: "load" });
      assert.equal(response.status(), 200, `GET ${base}${path}`);
      assert.equal(response.headers()["content-security-policy"], policy, "the policy is in force");
      if (path.startsWith("articles/")) {
        const term = page.locator("button.term").first();
        await term.scrollIntoViewIfNeeded();
        await term.click();
        assert.ok(await page.evaluate(() => document.querySelector(":popover-open") !== null), "a popover opens");
      }
      if (path === "") {
        const toggle = page.locator(".search__toggle");
        if (await toggle.isVisible()) await toggle.click();
        await page.locator("#search-q").fill("distillation");
        await page.locator("#search-results a").first().waitFor({ timeout: 5000 });
        const href = await page.locator("#search-results a").first().getAttribute("href");
        assert.ok(href.startsWith(new URL(base).pathname), `search result ${href} is under ${new URL(base).pathname}`);
      }
      const stylesheets = await page.evaluate(() => [...document.styleSheets].filter((s) => s.cssRules.length > 0).length);
      assert.ok(stylesheets >= 1, `${path || "/"}: the stylesheet applies`);
      assert.deepEqual(await page.evaluate(() => window.__violations), [], `${path || "/"}: no CSP violation`);
    }
    assert.deepEqual(problems, [], "no failed request, no console error");
  } finally {
    await browser.close();
  }
}

test("at a domain root, every page loads under the strict CSP with no failed request", async () => {
  await visitEveryPage(SITE);
});

test("under a subpath, every page loads under the strict CSP with no failed request", async () => {
  assert.ok(SUBPATH, "SUBPATH_SITE_URL is set by tests/browser/run.sh");
  assert.notEqual(new URL(SUBPATH).pathname, "/", "the subpath site is not at the root");
  await visitEveryPage(SUBPATH);
});

test("a violation is reported: the check itself works", async () => {
  const browser = await openSite(SITE, "default-src 'self'; style-src 'none'");
  try {
    await browser.page.goto(SITE, { waitUntil: "load" });
    const violations = await browser.page.evaluate(() => window.__violations);
    assert.ok(violations.some((v) => v.startsWith("style-src")), `style-src 'none' blocks the stylesheet: ${violations}`);
  } finally {
    await browser.close();
  }
});
