// Decides, once, which Chromium the browser tests drive: CHROMIUM_PATH if set, else the
// browser Playwright downloaded (`npx playwright install chromium`, a normal developer
// machine), else a system Chromium (Debian's `chromium` package, which .ci/run installs
// on machines that can't download browsers).
// Usage: tsx scripts/browser.ts   prints the path, or exits 1 when there is none.
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const SYSTEM_CHROMIUMS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

// undefined: use Playwright's own download.
export function chromiumExecutable(): { path?: string; source: string } | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? { path: configured, source: "CHROMIUM_PATH" } : undefined;
  try {
    if (existsSync(chromium.executablePath())) return { source: "Playwright's download" };
  } catch {
    // Playwright has no browser of its own here.
  }
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  return system ? { path: system, source: "system" } : undefined;
}

if (require.main === module) {
  const found = chromiumExecutable();
  if (!found) {
    console.error("No Chromium for the browser tests: run `npx playwright install chromium`, install your system's chromium package, or set CHROMIUM_PATH.");
    process.exit(1);
  }
  console.log(found.path ?? chromium.executablePath());
}
