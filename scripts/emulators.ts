// Decides, once, how the Firebase emulators run on this machine, then runs them.
//
// - Firestore emulator: firebase-tools downloads its jar on first use. Where that jar is not
//   cached yet but the Google Cloud CLI's Firestore emulator is installed (offline machines),
//   we point firebase-tools at it through a tiny launcher jar instead of downloading.
//   Everywhere else firebase-tools' own download path is left alone.
// - Emulator UI: also a download. It is enabled when cached or downloadable, disabled offline.
//
// Usage:
//   tsx scripts/emulators.ts exec [--web] -- <command...>   run a command with the emulators up
//                                                     (--web: also Hosting, serving web/dist)
//   tsx scripts/emulators.ts run -- <command...>    use the running `npm start` stack if there is
//                                                     one, else like exec
//   tsx scripts/emulators.ts start                  start them in the foreground
// Overrides: INVENTORY_FIRESTORE_EMULATOR=download|gcloud, INVENTORY_EMULATOR_UI=on|off,
// INVENTORY_EMULATOR_LOGS=on (show function logs in `run` mode), INVENTORY_EMULATOR_KEEPALIVE=on
// (leave the Firebase CLI's HTTP keep-alive as it is; see scripts/no-keepalive.cjs).
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { lookup } from "node:dns/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { HUB, hostPort, PROJECT_ID, ROOT } from "./localStack";

export const EMULATORS = "auth,firestore,functions,tasks,eventarc";
// With the web app on the Hosting emulator (npm start, browser tests); it serves web/dist.
export const EMULATORS_WITH_WEB = `${EMULATORS},hosting`;
const FIREBASE_BIN = join(ROOT, "node_modules", ".bin", "firebase");
const WORK_DIR = join(ROOT, ".emulators");
const FIREBASE_CACHE = join(homedir(), ".cache", "firebase", "emulators");
const FIRESTORE_MAIN_CLASS = "com.google.cloud.datastore.emulator.firestore.CloudFirestore";
const UI_DOWNLOAD_HOST = "firebasestorage.googleapis.com";

function cached(prefix: string): boolean {
  if (!existsSync(FIREBASE_CACHE)) return false;
  return readdirSync(FIREBASE_CACHE).some((name) => name.startsWith(prefix));
}

function gcloudFirestoreJar(): string | undefined {
  let sdkRoot: string;
  try {
    sdkRoot = execFileSync("gcloud", ["info", "--format=value(installation.sdk_root)"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
  const jar = join(sdkRoot, "platform", "cloud-firestore-emulator", "cloud-firestore-emulator.jar");
  return existsSync(jar) ? jar : undefined;
}

// The Cloud SDK jar has no Main-Class; a manifest-only jar that names it and puts the SDK jar
// on its Class-Path is something `java -jar` (which firebase-tools runs) can start.
function buildLauncherJar(targetJar: string): string {
  mkdirSync(WORK_DIR, { recursive: true });
  const launcher = join(WORK_DIR, "firestore-emulator-launcher.jar");
  const manifest = join(WORK_DIR, "firestore-launcher.mf");
  const content = `Main-Class: ${FIRESTORE_MAIN_CLASS}\nClass-Path: ${new URL(`file://${targetJar}`).href}\n`;
  const stale = !existsSync(launcher) || !existsSync(manifest) || readFileSync(manifest, "utf8") !== content;
  if (stale) {
    writeFileSync(manifest, content);
    execFileSync("jar", ["cfm", launcher, manifest], { cwd: WORK_DIR, stdio: "inherit" });
  }
  return launcher;
}

function firestoreEmulatorEnv(log: (message: string) => void): Record<string, string> {
  const mode = process.env.INVENTORY_FIRESTORE_EMULATOR;
  if (process.env.FIRESTORE_EMULATOR_BINARY_PATH) return {};
  if (mode === "download" || (mode !== "gcloud" && cached("cloud-firestore-emulator"))) return {};
  const jar = gcloudFirestoreJar();
  if (!jar) {
    if (mode === "gcloud") throw new Error("INVENTORY_FIRESTORE_EMULATOR=gcloud, but no Google Cloud CLI Firestore emulator was found.");
    return {};
  }
  log(`Firestore emulator: using the Google Cloud CLI's jar (${jar}).`);
  return { FIRESTORE_EMULATOR_BINARY_PATH: buildLauncherJar(jar) };
}

async function canDownload(host: string): Promise<boolean> {
  try {
    await Promise.race([lookup(host), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 1500))]);
    return true;
  } catch {
    return false;
  }
}

export async function emulatorUiEnabled(): Promise<boolean> {
  const mode = process.env.INVENTORY_EMULATOR_UI;
  if (mode === "on") return true;
  if (mode === "off") return false;
  return cached("ui-") || (await canDownload(UI_DOWNLOAD_HOST));
}

// firebase.json asks for the UI; offline we hand firebase-tools a copy with it disabled.
// The copy sits at the project root so the relative paths inside it still resolve.
function configWithoutUi(): string {
  const config = JSON.parse(readFileSync(join(ROOT, "firebase.json"), "utf8")) as { emulators: { ui: Record<string, unknown> } };
  config.emulators.ui = { ...config.emulators.ui, enabled: false };
  const path = join(ROOT, "firebase.local.json");
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

// Local-only secret for the local mailbox, which needs no password. Created, never committed.
function ensureLocalSecret(): void {
  const path = join(ROOT, "functions", ".secret.local");
  if (!existsSync(path)) writeFileSync(path, "SMTP_PASSWORD=local-mailbox-needs-no-password\n");
}

export async function prepare({ withUi, log = (m: string) => console.log(`[emulators] ${m}`) }: { withUi: boolean; log?: (message: string) => void }): Promise<{ env: NodeJS.ProcessEnv; args: string[]; ui: boolean }> {
  ensureLocalSecret();
  const env = {
    // The Functions emulator gives each new worker process 30 s to load by default; a burst of
    // concurrent requests on a small machine spawns dozens at once and some miss that.
    FUNCTIONS_DISCOVERY_TIMEOUT: "120",
    ...process.env,
    ...firestoreEmulatorEnv(log),
    NODE_OPTIONS: [
      process.env.NODE_OPTIONS,
      process.env.INVENTORY_EMULATOR_KEEPALIVE === "on" ? undefined : `--require "${join(ROOT, "scripts", "no-keepalive.cjs")}"`,
    ]
      .filter(Boolean)
      .join(" "),
  };
  const args = ["--project", PROJECT_ID, "--non-interactive"];
  let ui = false;
  if (withUi) {
    ui = await emulatorUiEnabled();
    if (!ui) {
      log("Emulator UI: not cached and not downloadable here, so it stays off (INVENTORY_EMULATOR_UI=on forces it).");
      args.push("--config", configWithoutUi());
    }
  }
  return { env, args, ui };
}

export function firebase(args: string[], env: NodeJS.ProcessEnv, options: SpawnOptions = {}): ChildProcess {
  return spawn(FIREBASE_BIN, args, { cwd: ROOT, env, stdio: "inherit", ...options });
}

export type RunningEmulators = Partial<Record<string, { host: string; port: number }>>;

// The hub of a running emulator suite (firebase.json) lists what runs.
export async function runningEmulators(): Promise<RunningEmulators | undefined> {
  try {
    const response = await fetch(`http://${hostPort(HUB)}/emulators`, { signal: AbortSignal.timeout(1000) });
    return response.ok ? ((await response.json()) as RunningEmulators) : undefined;
  } catch {
    return undefined;
  }
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const separator = rest.indexOf("--");
  const only = (separator >= 0 ? rest.slice(0, separator) : []).includes("--web") ? EMULATORS_WITH_WEB : EMULATORS;
  const script = (separator >= 0 ? rest.slice(separator + 1) : rest).map(quote).join(" ");
  if (command === "run" && script) {
    const running = await runningEmulators();
    if (running?.firestore && running?.auth && running?.functions) {
      console.log("[emulators] Using the running emulators (npm start).");
      const env = {
        ...process.env,
        FIRESTORE_EMULATOR_HOST: `${running.firestore.host}:${running.firestore.port}`,
        FIREBASE_AUTH_EMULATOR_HOST: `${running.auth.host}:${running.auth.port}`,
        GCLOUD_PROJECT: PROJECT_ID,
      };
      const child = spawn(script, { cwd: ROOT, env, stdio: "inherit", shell: true });
      child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
      return;
    }
  }
  if (command === "exec" || command === "run") {
    if (!script) throw new Error(`usage: emulators.ts ${command} -- <command>`);
    const { env, args } = await prepare({ withUi: false });
    // Tools (bench, simulate) print their own progress; thousands of function log lines
    // would bury it. Tests keep the logs: they explain failures.
    if (command === "run" && process.env.INVENTORY_EMULATOR_LOGS !== "on") {
      console.log("[emulators] Function logs are hidden while the tool runs (INVENTORY_EMULATOR_LOGS=on shows them).");
      args.push("--log-verbosity", "SILENT");
    }
    const child = firebase(["emulators:exec", ...args, "--only", only, script], env);
    child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  } else if (command === "start") {
    const { env, args } = await prepare({ withUi: true });
    const child = firebase(["emulators:start", ...args, "--only", only], env);
    child.on("exit", (code) => process.exit(code ?? 0));
  } else {
    throw new Error("usage: emulators.ts exec|run -- <command> | start");
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
