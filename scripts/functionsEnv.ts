// The functions' params as Firebase resolves them for a project: functions/.env, then
// functions/.env.<projectId>, then, on the emulators only, functions/.env.local (each later file
// wins), each parsed by firebase-tools' own dotenv parser. The web app's build, the local tools
// and the production-shaped bench read them here, so a value such as REGION is written down
// once, in the place the functions read it from.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

// firebase-tools ships no types for its internals; this is the parser `firebase deploy` and the
// emulator use for these files (it refuses reserved and malformed keys).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseStrict } = require("firebase-tools/lib/functions/env") as { parseStrict: (data: string) => Record<string, string> };

export const FUNCTIONS_DIR = join(__dirname, "..", "functions");
export const DEFAULT_REGION = "us-central1";

export function functionsParams(projectId: string, options: { emulated: boolean; dir?: string }): Record<string, string> {
  const dir = options.dir ?? FUNCTIONS_DIR;
  const files = [".env", `.env.${projectId}`, ...(options.emulated ? [".env.local"] : [])];
  const params: Record<string, string> = {};
  for (const file of files) {
    const path = join(dir, file);
    if (existsSync(path)) Object.assign(params, parseStrict(readFileSync(path, "utf8")));
  }
  return params;
}

// The region every function is deployed to (param REGION), which clients must call.
export function functionsRegion(projectId: string, options: { emulated: boolean; dir?: string }): string {
  return functionsParams(projectId, options).REGION || DEFAULT_REGION;
}
