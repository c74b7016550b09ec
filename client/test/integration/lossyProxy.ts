// A loopback HTTP proxy in front of the Functions emulator that can lose answers: it lets a
// request reach the server, waits for the server's full response, then cuts the connection,
// as a phone losing its network right after the order was decided would.
import { createServer, request as forward, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export class LossyProxy {
  private server?: Server;
  // Responses still to drop, per callable name.
  private readonly toDrop = new Map<string, number>();
  readonly dropped: string[] = [];
  readonly forwarded: string[] = [];

  constructor(private readonly target: { host: string; port: number }) {}

  dropNext(callable: string, count = 1): void {
    this.toDrop.set(callable, (this.toDrop.get(callable) ?? 0) + count);
  }

  async start(): Promise<number> {
    this.server = createServer((incoming, outgoing) => {
      const callable = incoming.url?.split("/").pop() ?? "";
      const drop = incoming.method === "POST" && (this.toDrop.get(callable) ?? 0) > 0;
      if (drop) this.toDrop.set(callable, (this.toDrop.get(callable) ?? 1) - 1);
      if (incoming.method === "POST") this.forwarded.push(callable);
      const upstream = forward(
        { host: this.target.host, port: this.target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (response) => {
          if (!drop) {
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            response.pipe(outgoing);
            return;
          }
          // The server has answered; the caller never hears it.
          response.resume();
          response.on("end", () => {
            this.dropped.push(callable);
            incoming.socket.destroy();
          });
        },
      );
      upstream.on("error", () => outgoing.destroy());
      incoming.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
