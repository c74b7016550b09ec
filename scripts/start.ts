// `npm start`: the whole stack on this machine. Builds the functions and the web app and keeps
// rebuilding both on change, starts a local mailbox (maildev) and the Auth, Firestore,
// Functions and Hosting emulators, seeds a demo catalog and accounts, and stops everything on Ctrl+C.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { EMULATORS_WITH_WEB, firebase, prepare, type RunningEmulators } from "./emulators";
import { AUTH, callableUrl, FIRESTORE, HOSTING, HUB, hostPort, MAILBOX_WEB_PORT, PROJECT_ID, ROOT, SMTP_PORT, UI } from "./localStack";
import { DEMO_ADMIN, DEMO_BUYER, seed } from "./seed";

const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);
const children: ChildProcess[] = [];
let stopping = false;

function track(name: string, child: ChildProcess): ChildProcess {
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} exited (${signal ?? code}); stopping everything.`);
      stop(1);
    }
  });
  return child;
}

// Each child leads its own process group, so stopping it also stops what it started
// (the Firestore emulator's JVM, function workers) even if it has to be killed.
function run(name: string, command: string, args: string[], cwd = ROOT): ChildProcess {
  return track(name, spawn(command, args, { cwd, stdio: "inherit", detached: true }));
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, name);
  } catch {
    // already gone
  }
}

function stop(code = 0): void {
  if (stopping) return;
  stopping = true;
  console.log("[start] Stopping...");
  for (const child of children) if (child.exitCode === null) signal(child, "SIGINT");
  const forceAfter = setTimeout(() => {
    for (const child of children) signal(child, "SIGKILL");
  }, 20_000);
  void Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once("exit", r)) : Promise.resolve()))).then(() => {
    clearTimeout(forceAfter);
    // The group may still hold grandchildren whose parent exited cleanly.
    for (const child of children) signal(child, "SIGKILL");
    process.exit(code);
  });
}

async function waitForEmulators(timeoutMs = 180_000): Promise<RunningEmulators> {
  const until = Date.now() + timeoutMs;
  const wanted = EMULATORS_WITH_WEB.split(",");
  while (Date.now() < until && !stopping) {
    try {
      const running = (await (await fetch(`http://${hostPort(HUB)}/emulators`)).json()) as RunningEmulators;
      // The hub lists the Functions emulator before it has loaded the code; a callable
      // that answers (even "sign in first") has been loaded.
      if (wanted.every((name) => running[name])) {
        const probe = await fetch(callableUrl("placeOrder"), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ data: null }),
        });
        if (probe.status !== 404) return running;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the emulators did not come up in time");
}

async function main(): Promise<void> {
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));

  console.log("[start] Building functions...");
  execFileSync("npm", ["run", "build", "--workspace", "functions"], { cwd: ROOT, stdio: "inherit" });
  run("tsc --watch", bin("tsc"), ["-p", "functions/tsconfig.build.json", "--watch", "--preserveWatchOutput"]);
  console.log("[start] Building the web app...");
  execFileSync("npm", ["run", "build", "--workspace", "web"], { cwd: ROOT, stdio: "inherit" });
  // Rebuilds web/dist on change; the Hosting emulator serves the new files on the next reload.
  run("vite build --watch", bin("vite"), ["build", "--watch", "--logLevel", "warn"], join(ROOT, "web"));
  run("maildev", bin("maildev"), ["--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--smtp", String(SMTP_PORT), "--web", String(MAILBOX_WEB_PORT)]);

  const { env, args, ui } = await prepare({ withUi: true });
  track("emulators", firebase(["emulators:start", ...args, "--only", EMULATORS_WITH_WEB], env, { detached: true }));
  await waitForEmulators();
  await seed();

  console.log(`
[start] The shop is running (project ${PROJECT_ID}):
  Shop (storefront)      http://${hostPort(HOSTING)}
  Admin console          http://${hostPort(HOSTING)}/#/admin
  Demo buyer             ${DEMO_BUYER.email} / ${DEMO_BUYER.password}
  Demo admin             ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}
  placeOrder (callable)  ${callableUrl("placeOrder")}
  Firestore emulator     ${hostPort(FIRESTORE)}
  Auth emulator          ${hostPort(AUTH)}
  Mailbox (maildev)      http://127.0.0.1:${MAILBOX_WEB_PORT}   (SMTP on 127.0.0.1:${SMTP_PORT})
  Emulator UI            ${ui ? `http://${hostPort(UI)}` : "off (not available offline)"}
  Functions and the web app rebuild on every change (reload the page). Press Ctrl+C to stop everything.
`);
}

main().catch((error: unknown) => {
  console.error(`[start] ${(error as Error).message}`);
  stop(1);
});
