// The mailbox a load run reads its confirmation emails back from: `npm start`'s maildev
// (through its REST API) when it is running, else an SMTP sink started for the run.
import { SMTP_PORT } from "../testkit/emulator";
import { SmtpSink } from "../testkit/smtpSink";
import { ensureMailbox } from "./stack";
import { MAILBOX_WEB_PORT } from "../../scripts/localStack";

export interface MailSummary {
  to: string[];
  orderId: string | undefined;
}

export interface Mailbox {
  readonly description: string;
  received(): Promise<MailSummary[]>;
  close(): Promise<void>;
}

export const MAILDEV_API = `http://127.0.0.1:${MAILBOX_WEB_PORT}/api`;

// Messages a test's own SmtpSink received.
export function sinkMailbox(sink: SmtpSink, owned = false): Mailbox {
  return {
    description: `SMTP sink on 127.0.0.1:${sink.port}`,
    received: () => Promise.resolve(sink.messages.map((mail) => ({ to: mail.to, orderId: mail.orderId }))),
    close: () => (owned ? sink.stop() : Promise.resolve()),
  };
}

interface MaildevEmail {
  to?: { address: string }[];
  headers?: Record<string, unknown>;
}

function maildevMailbox(): Mailbox {
  return {
    description: `maildev (npm start) at http://127.0.0.1:${MAILBOX_WEB_PORT}`,
    async received() {
      const response = await fetch(`${MAILDEV_API}/email`);
      if (!response.ok) throw new Error(`maildev answered ${response.status} for ${MAILDEV_API}/email`);
      const emails = (await response.json()) as MaildevEmail[];
      return emails.map((email) => ({
        to: (email.to ?? []).map((address) => address.address),
        orderId: typeof email.headers?.["x-order-id"] === "string" ? email.headers["x-order-id"] : undefined,
      }));
    },
    close: () => Promise.resolve(),
  };
}

async function maildevRunning(): Promise<boolean> {
  try {
    return (await fetch(`${MAILDEV_API}/healthz`)).ok;
  } catch {
    return false;
  }
}

export async function openMailbox(): Promise<Mailbox> {
  const sink = await ensureMailbox();
  if (sink) return sinkMailbox(sink, true);
  if (await maildevRunning()) return maildevMailbox();
  throw new Error(
    `Something listens on 127.0.0.1:${SMTP_PORT} (where the functions send email) but it is not npm start's maildev, so the emails can't be read back. Stop it, or run under npm start.`,
  );
}
