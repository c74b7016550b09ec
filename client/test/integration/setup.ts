// Mocha's --require file for this suite: the shared root hooks (SMTP sink, cleanup).
export { mochaHooks, smtp } from "../../../tools/testkit/integrationHooks";
