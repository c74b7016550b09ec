// A real SMTP server on loopback that keeps every message it receives, so tests can count
// and read the emails the functions send. It can also refuse or stall on demand.
import { createServer, type Server, type Socket } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  orderId: string | undefined;
  messageId: string | undefined;
  headers: Map<string, unknown>;
  receivedAt: number;
}

export type SinkMode = "accept" | "reject-permanent" | "reject-transient";

export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  mode: SinkMode = "accept";
  private server: SMTPServer | undefined;

  constructor(readonly port: number) {}

  async start(): Promise<void> {
    if (this.server) return;
    this.server = new SMTPServer({
      authOptional: true,
      // Stopping must look like an outage now, not after idle pooled connections time out.
      closeTimeout: 200,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo: (_address, _session: SMTPServerSession, callback) => {
        if (this.mode === "reject-permanent") {
          callback(Object.assign(new Error("550 mailbox unavailable"), { responseCode: 550 }));
          return;
        }
        if (this.mode === "reject-transient") {
          callback(Object.assign(new Error("451 try again later"), { responseCode: 451 }));
          return;
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const header = mail.headers.get("x-order-id");
            this.messages.push({
              to: (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? "")),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              orderId: typeof header === "string" ? header : undefined,
              messageId: mail.messageId,
              headers: mail.headers,
              receivedAt: Date.now(),
            });
            callback();
          })
          .catch((error: unknown) => {
            callback(error as Error);
          });
      },
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error) => {
        this.server = undefined;
        reject(error);
      });
      server.listen(this.port, "127.0.0.1", () => {
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    this.server = undefined;
  }

  forOrder(orderId: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.orderId === orderId);
  }

  // Waits until `count` messages for the order arrived, then a little longer to catch a duplicate.
  async waitForOrder(orderId: string, count = 1, timeoutMs = 30_000): Promise<ReceivedMail[]> {
    const until = Date.now() + timeoutMs;
    while (this.forOrder(orderId).length < count && Date.now() < until) await sleep(100);
    return this.forOrder(orderId);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// An SMTP server that accepts connections and then never says a word.
export async function startHangingServer(port: number): Promise<{ stop: () => Promise<void>; connections: () => number }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    connections: () => connections,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
