// Production-shaped serving for the bench: each function in a Functions Framework process of its
// own (the runtime a deployed 2nd-gen function runs in: one process serving many requests at
// once), with the functions' params as a deploy resolves them (functions/.env and
// .env.<project>, not the emulator's .env.local), talking to the Firestore emulator through a
// proxy that adds a network round trip. ID tokens are decoded without verification, as the
// Functions emulator does for its Auth emulator's unsigned tokens.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { functionsParams } from "../../scripts/functionsEnv";
import { FIRESTORE, PROJECT_ID, ROOT } from "../../scripts/localStack";

const FF_MAIN = join(ROOT, "node_modules", "@google-cloud", "functions-framework", "build", "src", "main.js");
export const FUNCTIONS_LIB = join(ROOT, "functions", "lib", "index.js");
export const YARDSTICKS = join(ROOT, "tools", "prod", "yardsticks.ts");

export interface Host {
  target: string;
  pid: number;
  url: string;
  stop: () => Promise<void>;
}

// Runs a tsx-loaded script as a child process, its output drained (kept: the last of stderr).
function spawnTsx(args: string[], env: NodeJS.ProcessEnv): { proc: ChildProcess; lines: ReturnType<typeof createInterface>; errors: () => string } {
  const proc = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines = createInterface({ input: proc.stdout });
  let stderr = "";
  proc.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  return { proc, lines, errors: () => stderr };
}

const stopper = (proc: ChildProcess) => async () => {
  if (proc.exitCode !== null) return;
  proc.kill("SIGTERM");
  await once(proc, "exit");
};

// A proxy in front of the Firestore emulator adding `rttMs` to every round trip.
export async function startFirestoreProxy(rttMs: number): Promise<{ host: string; stop: () => Promise<void> }> {
  const { proc, lines, errors } = spawnTsx([join(ROOT, "tools", "prod", "delayProxy.ts"), FIRESTORE.host, String(FIRESTORE.port), String(rttMs)], process.env);
  const port = await new Promise<string>((resolve, reject) => {
    lines.on("line", (line) => {
      const found = /^listening (\d+)$/.exec(line);
      if (found) resolve(found[1] as string);
    });
    proc.once("exit", (code) => reject(new Error(`the Firestore proxy exited (${code}): ${errors()}`)));
  });
  return { host: `127.0.0.1:${port}`, stop: stopper(proc) };
}

// The environment a deployed function sees, pointed at the emulators through the proxy.
export function productionEnv(firestoreHost: string, benchProject: string): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  // The functions reach Firestore through the proxy only.
  delete inherited.FIRESTORE_EMULATOR_HOST;
  return {
    ...inherited,
    ...functionsParams(PROJECT_ID, { emulated: false }),
    GCLOUD_PROJECT: benchProject,
    FIREBASE_CONFIG: JSON.stringify({ projectId: benchProject }),
    FIRESTORE_EMULATOR_HOST: firestoreHost,
    FIREBASE_DEBUG_MODE: "true",
    FIREBASE_DEBUG_FEATURES: JSON.stringify({ skipTokenVerification: true }),
    NODE_ENV: "production",
  };
}

export async function startHost(target: string, source: string, port: number, env: NodeJS.ProcessEnv): Promise<Host> {
  const { proc, lines, errors } = spawnTsx([FF_MAIN, "--source", source, "--target", target, "--port", String(port)], { ...env, FUNCTION_TARGET: target, K_SERVICE: target });
  // Its log lines (one per call) are not the bench's to read, unless kept for a diagnosis.
  const keep = process.env.INVENTORY_BENCH_HOST_LOGS;
  if (keep) mkdirSync(keep, { recursive: true });
  const log = keep ? createWriteStream(join(keep, `${target}-${port}.log`)) : undefined;
  lines.on("line", (line) => log?.write(`${line}\n`));
  // The framework prints nothing in production mode: wait until it answers.
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    try {
      await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ data: null }) });
      break;
    } catch {
      if (i > 300 || proc.exitCode !== null) throw new Error(`host ${target} did not answer: ${errors()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { target, pid: proc.pid!, url, stop: stopper(proc) };
}
