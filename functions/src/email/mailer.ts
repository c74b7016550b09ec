// One pooled SMTP transport per instance, reused across invocations, with timeouts so a
// hung SMTP server fails the attempt (and the platform retries) instead of holding it.
// nodemailer is loaded on the first send, so functions that never mail don't pay for it.
import type { Transporter } from "nodemailer";
import { emailMaxConcurrentSends, mailFrom, smtpHost, smtpPassword, smtpPort, smtpSecure, smtpTimeoutSeconds, smtpUser } from "../config";

let transport: { key: string; transporter: Transporter } | undefined;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  response: string;
}

async function transporter(): Promise<Transporter> {
  const user = smtpUser.value();
  const timeoutMs = smtpTimeoutSeconds.value() * 1000;
  const options = {
    host: smtpHost.value(),
    port: smtpPort.value(),
    secure: smtpSecure.value(),
    auth: user ? { user, pass: smtpPassword.value() } : undefined,
    // The pool caps concurrent sends per instance; later sends queue in it.
    pool: true,
    maxConnections: emailMaxConcurrentSends.value(),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
  const key = JSON.stringify(options);
  if (transport?.key !== key) {
    transport?.transporter.close();
    const { createTransport } = await import("nodemailer");
    transport = { key, transporter: createTransport(options) };
  }
  return transport.transporter;
}

export function senderDomain(): string {
  const from = mailFrom.value();
  const match = /@([^>\s]+)/.exec(from);
  return match?.[1] ?? "localhost";
}

export async function sendMail(message: MailMessage): Promise<SentMail> {
  const info = (await (await transporter()).sendMail({ from: mailFrom.value(), ...message })) as { messageId: string; response: string };
  return { messageId: info.messageId, response: info.response };
}
