// `npm start`: the whole stack on this machine. Builds the functions and keeps rebuilding
// them on change, starts a local mailbox (maildev) and the Auth, Firestore and Functions
// emulators, seeds a demo catalog, and stops everything on Ctrl+C.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { EMULATORS, firebase, prepare, type RunningEmulators } from "./emulators";
import { AUTH, callableUrl, FIRESTORE, HUB, hostPort, MAILBOX_WEB_PORT, PROJECT_ID, ROOT, SMTP_PORT, UI } from "./localStack";
import { DEMO_BUYER, seed } from "./seed";

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
function run(name: string, command: string, args: string[]): ChildProcess {
  return track(name, spawn(command, args, { cwd: ROOT, stdio: "inherit", detached: true }));
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
  const wanted = EMULATORS.split(",");
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
  run("maildev", bin("maildev"), ["--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--smtp", String(SMTP_PORT), "--web", String(MAILBOX_WEB_PORT)]);

  const { env, args, ui } = await prepare({ withUi: true });
  track("emulators", firebase(["emulators:start", ...args, "--only", EMULATORS], env, { detached: true }));
  await waitForEmulators();
  await seed();

  console.log(`
[start] The shop backend is running (project ${PROJECT_ID}):
  placeOrder (callable)  ${callableUrl("placeOrder")}
  Firestore emulator     ${hostPort(FIRESTORE)}
  Auth emulator          ${hostPort(AUTH)}   demo buyer: ${DEMO_BUYER.email} / ${DEMO_BUYER.password}
  Mailbox (maildev)      http://127.0.0.1:${MAILBOX_WEB_PORT}   (SMTP on 127.0.0.1:${SMTP_PORT})
  Emulator UI            ${ui ? `http://${hostPort(UI)}` : "off (not available offline)"}
  Functions rebuild on every change under functions/src. Press Ctrl+C to stop everything.
`);
}

main().catch((error: unknown) => {
  console.error(`[start] ${(error as Error).message}`);
  stop(1);
});
