// A real HTTP server on loopback playing a shop's webhook receiver: it keeps every request
// (raw body and headers) and answers what the test tells it to, per request. `stop()` and
// `start()` again on the same port play an outage.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedHook {
  body: string;
  headers: IncomingHttpHeaders;
  eventId: string;
  type: string;
  receivedAt: number;
}

// How to answer a request: an HTTP status.
export type Answer = (hook: ReceivedHook, earlierForSameEvent: number) => number;

export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  answer: Answer = () => 200;
  private server: Server | undefined;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/inventory`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        let parsed: { id?: string; type?: string } = {};
        try {
          parsed = JSON.parse(body) as { id?: string; type?: string };
        } catch {
          // Kept as received; the test sees it.
        }
        const hook = { body, headers: request.headers, eventId: parsed.id ?? "", type: parsed.type ?? "", receivedAt: Date.now() };
        const earlier = this.received.filter((other) => other.eventId === hook.eventId).length;
        this.received.push(hook);
        const status = this.answer(hook, earlier);
        response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : `no (${status})`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  forEvent(eventId: string): ReceivedHook[] {
    return this.received.filter((hook) => hook.eventId === eventId);
  }
}
