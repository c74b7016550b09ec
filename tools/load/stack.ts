// What a load run needs around the emulators: the shop's Admin SDK view, an SMTP server
// for the confirmation emails (unless `npm start`'s mailbox already listens), and buyers.
import { createConnection } from "node:net";
import { newBuyer, type Buyer } from "../testkit/buyers";
import { SMTP_PORT, shopDb } from "../testkit/emulator";
import { SmtpSink } from "../testkit/smtpSink";

export async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => {
      resolve(false);
    });
  });
}

// Starts an SMTP sink when nothing listens on the mail port; returns it (or undefined).
export async function ensureMailbox(): Promise<SmtpSink | undefined> {
  if (await portInUse(SMTP_PORT)) return undefined;
  const sink = new SmtpSink(SMTP_PORT);
  await sink.start();
  return sink;
}

export async function signInBuyers(count: number): Promise<Buyer[]> {
  const buyers: Buyer[] = [];
  for (let i = 0; i < count; i += 25) {
    buyers.push(...(await Promise.all(Array.from({ length: Math.min(25, count - i) }, () => newBuyer()))));
  }
  return buyers;
}

// Waits until every order's confirmation email is out (or the timeout passes), so one
// scenario's email work doesn't run into the next scenario's measurement.
export async function waitForConfirmations(timeoutMs = 180_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  const unsent = () =>
    shopDb()
      .collection("orders")
      .where("confirmation.status", "in", ["pending", "sending"])
      .count()
      .get()
      .then((snapshot) => snapshot.data().count);
  let left = await unsent();
  while (left > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    left = await unsent();
  }
  return left;
}
