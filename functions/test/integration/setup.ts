// Root hooks for the integration suite: one SMTP sink on the port the functions send to.
import { closeShopDb, SMTP_PORT } from "../support/emulator";
import { SmtpSink } from "../support/smtpSink";

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
