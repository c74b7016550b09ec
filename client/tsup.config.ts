import { defineConfig } from "tsup";

// One bundle per format; the functions' schema modules it imports are bundled in, while
// firebase (a peer), zod, exponential-backoff and i18n-iso-countries stay dependencies.
export default defineConfig({
  // The webhooks entry is for receivers' servers: it bundles no Firebase SDK.
  entry: ["src/index.ts", "src/webhooks.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
});
