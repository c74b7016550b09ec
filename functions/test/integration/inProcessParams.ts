// The email params of functions run in-process (firebase-functions-test): they send to the
// suite's SMTP sink as a test shop, as the emulator's functions do from functions/.env.local.
import { SMTP_PORT } from "../../../tools/testkit/emulator";

export const EMAIL_PARAMS = {
  SMTP_HOST: "127.0.0.1",
  SMTP_PORT: String(SMTP_PORT),
  SMTP_SECURE: "false",
  SMTP_USER: "",
  SMTP_PASSWORD: "unused",
  MAIL_FROM: "Test Shop <orders@shop.test>",
  CONFIRMATION_MAX_AGE_MINUTES: "60",
  SMTP_TIMEOUT_SECONDS: "10",
  EMAIL_MAX_CONCURRENT_SENDS: "5",
  REGION: "us-central1",
  SHOP_NAME: "Test Shop",
  SUPPORT_EMAIL: "",
  LOGO_URL: "",
  DEFAULT_LOCALE: "en",
};

// Params are read lazily, so setting them when a suite's file loads is early enough.
export function useEmailParams(): void {
  Object.assign(process.env, EMAIL_PARAMS);
}
