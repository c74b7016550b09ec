// Browser tests: a real headless Chromium against the web app on the Hosting emulator, the
// other emulators and a local mailbox (maildev). Run inside `emulators.ts exec --web`
// (root `npm run test:e2e`). The browser is picked by scripts/browser.ts.
import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable } from "../scripts/browser";
import { HOSTING, hostPort, MAILBOX_WEB_PORT, ROOT, SMTP_PORT } from "../scripts/localStack";

const browser = chromiumExecutable();
if (!browser) throw new Error("No Chromium for the browser tests: see scripts/browser.ts.");

export default defineConfig({
  testDir: "e2e",
  // The tests share one emulator suite and mailbox; run them one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  outputDir: "test-results",
  use: {
    ...devices["Desktop Chrome"],
    baseURL: `http://${hostPort(HOSTING)}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: browser.path,
      // Quiet, sandbox-free Chromium for containers and CI.
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: `"${ROOT}/node_modules/.bin/maildev" --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp ${SMTP_PORT} --web ${MAILBOX_WEB_PORT}`,
    url: `http://127.0.0.1:${MAILBOX_WEB_PORT}/api/email`,
    // `npm start` already runs this mailbox.
    reuseExistingServer: true,
    timeout: 30_000,
  },
});
