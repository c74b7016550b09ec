// The same rules as the functions; the build output is not ours to lint.
import base from "../functions/eslint.config.mjs";

export default [{ ignores: ["dist/**"] }, ...base];
