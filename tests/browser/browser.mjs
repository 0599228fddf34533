// Shared launcher for the browser tests: Debian's Chromium, headless, with the flags this
// machine needs, and a page helper that records failed requests and console errors.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SITE = process.env.SITE_URL ?? "http://127.0.0.1:8000/";

/** Starts Chromium; throws a clear error when it cannot start (the test then fails). */
export async function launch({ javaScriptEnabled = true, colorScheme = "light", width = 1280, height = 900 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "glosa-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
      headless: true,
      javaScriptEnabled,
      colorScheme,
      viewport: { width, height },
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`Chromium could not start (${process.env.CHROME_PATH ?? "/usr/bin/chromium"}): ${error.message}`);
  }
  const problems = [];
  context.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  context.on("response", (r) => { if (r.status() >= 400 && r.url().startsWith(SITE)) problems.push(`${r.status()}: ${r.url()}`); });
  const page = context.pages()[0] ?? await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return {
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
