// Builds the shop into web/dist, which Firebase Hosting serves (firebase.json "hosting").
// Emulator addresses come from firebase.json at build time, so ports are written down once;
// the app uses them only when it runs against a demo- project (see src/firebase.ts). The
// functions' region comes from their own params (functions/.env*) for the project being built:
// GCLOUD_PROJECT during `firebase deploy` (its predeploy step builds this), else .firebaserc's.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { functionsRegion } from "../scripts/functionsEnv";

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const firebaseJson = JSON.parse(readFileSync(root("firebase.json"), "utf8")) as { emulators: Record<string, { host?: string; port?: number }> };
const firebaserc = JSON.parse(readFileSync(root(".firebaserc"), "utf8")) as { projects: { default: string } };
const projectId = process.env.GCLOUD_PROJECT || firebaserc.projects.default;
const address = (name: string) => {
  const entry = firebaseJson.emulators[name];
  return { host: entry?.host ?? "127.0.0.1", port: entry?.port ?? 0 };
};

export default defineConfig({
  define: {
    __EMULATORS__: JSON.stringify({ auth: address("auth"), firestore: address("firestore"), functions: address("functions") }),
    __FUNCTIONS_REGION__: JSON.stringify(functionsRegion(projectId, { emulated: projectId.startsWith("demo-") })),
  },
  resolve: {
    // The client package from source: one build, and edits to it show up in `npm start`.
    alias: { "@firebase-inventory/client": root("client/src/index.ts") },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
});
