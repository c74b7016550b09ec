// Root hooks: an SMTP sink on the port the functions send to, so confirmations complete.
import { closeShopDb, SMTP_PORT } from "../../../tools/testkit/emulator";
import { SmtpSink } from "../../../tools/testkit/smtpSink";

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
