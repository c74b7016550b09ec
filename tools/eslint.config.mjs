// The same rules as the functions.
export { default } from "../functions/eslint.config.mjs";
