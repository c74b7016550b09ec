import { defineConfig } from "tsup";

// One bundle per format; the functions' schema modules it imports are bundled in, while
// firebase (a peer), zod, exponential-backoff and i18n-iso-countries stay dependencies.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
});
