// Root hooks for the integration suites (functions, client): one SMTP sink on the port the
// functions send to, and the shop's Admin SDK app closed at the end.
import { closeShopDb, SMTP_PORT } from "./emulator";
import { SmtpSink } from "./smtpSink";

export const smtp = new SmtpSink(SMTP_PORT);

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(10_000);
    await smtp.start();
  },
  async afterAll() {
    await smtp.stop();
    await closeShopDb();
  },
};
