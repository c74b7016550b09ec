// A TCP proxy that delays every chunk by half a round trip each way, so a Firestore emulator on
// loopback answers like a database a network hop away. Order within each direction is kept:
// a chunk leaves no earlier than the one before it. Run as its own process (the bench's load
// must not slow the proxy's timers): prints "listening <port>".
import { createConnection, createServer, type Socket } from "node:net";

export function startDelayProxy(target: { host: string; port: number }, rttMs: number, listenPort = 0): Promise<{ port: number; close: () => Promise<void> }> {
  const oneWay = rttMs / 2;
  const sockets = new Set<Socket>();
  const delayedPipe = (from: Socket, to: Socket) => {
    let lastAt = 0;
    from.on("data", (chunk) => {
      const at = Math.max(performance.now() + oneWay, lastAt);
      lastAt = at;
      setTimeout(() => to.writable && to.write(chunk), Math.max(0, at - performance.now()));
    });
    from.on("end", () => setTimeout(() => to.end(), Math.max(0, lastAt - performance.now())));
  };
  const server = createServer((client) => {
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    delayedPipe(client, upstream);
    delayedPipe(upstream, client);
  });
  return new Promise((resolve) => {
    server.listen(listenPort, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : listenPort,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

if (require.main === module) {
  const [host = "127.0.0.1", port = "8080", rtt = "20"] = process.argv.slice(2);
  void startDelayProxy({ host, port: Number(port) }, Number(rtt)).then(({ port: listening }) => console.log(`listening ${listening}`));
}
