// Where the local stack listens, read from the project's own files so that ports and the
// project id are written down once: firebase.json (emulators), .firebaserc (project) and
// functions/.env* (the functions' region, the SMTP server they send through).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { functionsRegion } from "./functionsEnv";

export const ROOT = resolve(__dirname, "..");

interface Endpoint {
  host: string;
  port: number;
}

function endpoint(config: Record<string, { host?: string; port?: number } | undefined>, name: string): Endpoint {
  const entry = config[name];
  if (!entry?.port) throw new Error(`firebase.json: emulators.${name}.port is missing`);
  return { host: entry.host ?? "127.0.0.1", port: entry.port };
}

function envValue(file: string, name: string): string | undefined {
  const line = readFileSync(file, "utf8")
    .split("\n")
    .find((candidate) => candidate.startsWith(`${name}=`));
  return line?.slice(name.length + 1).trim();
}

const emulators = (JSON.parse(readFileSync(join(ROOT, "firebase.json"), "utf8")) as { emulators: Record<string, { host?: string; port?: number }> }).emulators;

export const PROJECT_ID = (JSON.parse(readFileSync(join(ROOT, ".firebaserc"), "utf8")) as { projects: { default: string } }).projects.default;
// Where the functions run, from the params the functions read (functions/.env*).
export const REGION = functionsRegion(PROJECT_ID, { emulated: true });
export const AUTH = endpoint(emulators, "auth");
export const FIRESTORE = endpoint(emulators, "firestore");
export const FUNCTIONS = endpoint(emulators, "functions");
export const HUB = endpoint(emulators, "hub");
export const HOSTING = endpoint(emulators, "hosting");
export const UI = endpoint(emulators, "ui");
export const SMTP_PORT = Number(envValue(join(ROOT, "functions", ".env.local"), "SMTP_PORT") ?? 1025);
// maildev's web UI and REST API (`npm start`).
export const MAILBOX_WEB_PORT = 1080;

export const hostPort = (e: Endpoint): string => `${e.host}:${e.port}`;
export const callableUrl = (name: string): string => `http://${hostPort(FUNCTIONS)}/${PROJECT_ID}/${REGION}/${name}`;
