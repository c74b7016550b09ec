// Builds the shop into web/dist, which Firebase Hosting serves (firebase.json "hosting").
// Emulator addresses come from firebase.json at build time, so ports are written down once;
// the app uses them only when it runs against a demo- project (see src/firebase.ts).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const firebaseJson = JSON.parse(readFileSync(root("firebase.json"), "utf8")) as { emulators: Record<string, { host?: string; port?: number }> };
const address = (name: string) => {
  const entry = firebaseJson.emulators[name];
  return { host: entry?.host ?? "127.0.0.1", port: entry?.port ?? 0 };
};

export default defineConfig({
  define: {
    __EMULATORS__: JSON.stringify({ auth: address("auth"), firestore: address("firestore"), functions: address("functions") }),
  },
  resolve: {
    // The client package from source: one build, and edits to it show up in `npm start`.
    alias: { "@firebase-inventory/client": root("client/src/index.ts") },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
});
