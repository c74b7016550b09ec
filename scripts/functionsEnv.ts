// The functions' params as Firebase resolves them for a project: functions/.env, then
// functions/.env.<projectId>, then, on the emulators only, functions/.env.local (each later file
// wins). The web app's build and the local tools read them here, so a value such as REGION is
// written down once, in the place the functions read it from.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

export const FUNCTIONS_DIR = join(__dirname, "..", "functions");
export const DEFAULT_REGION = "us-central1";

export function functionsParams(projectId: string, options: { emulated: boolean; dir?: string }): Record<string, string> {
  const dir = options.dir ?? FUNCTIONS_DIR;
  const files = [".env", `.env.${projectId}`, ...(options.emulated ? [".env.local"] : [])];
  const params: Record<string, string> = {};
  for (const file of files) {
    const path = join(dir, file);
    if (existsSync(path)) Object.assign(params, parseEnv(readFileSync(path, "utf8")));
  }
  return params;
}

// The region every function is deployed to (param REGION), which clients must call.
export function functionsRegion(projectId: string, options: { emulated: boolean; dir?: string }): string {
  return functionsParams(projectId, options).REGION || DEFAULT_REGION;
}
