// The same rules as the functions; build output and test reports are not ours to lint.
import base from "../functions/eslint.config.mjs";

export default [{ ignores: ["dist/**", "test-results/**", "playwright-report/**"] }, ...base];
