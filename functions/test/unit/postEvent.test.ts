// One delivery attempt against real HTTP servers on loopback (no Firebase involved): what the
// receiver answers, a receiver that hangs, a redirect that is not followed, and addresses that
// are refused on the connection itself unless loopback is allowed (only under the emulator).
import { expect } from "chai";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { postEvent } from "../../src/webhooks/postEvent";

describe("posting an event to a receiver", function () {
  let server: Server;
  let base: string;
  const received: { path: string; body: string; signature?: string }[] = [];

  before(async function () {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push({ path: request.url ?? "", body, ...(request.headers["inventory-signature"] ? { signature: String(request.headers["inventory-signature"]) } : {}) });
        if (request.url === "/ok") return void response.writeHead(204).end();
        if (request.url === "/gone") return void response.writeHead(410).end("no such hook");
        if (request.url === "/busy") return void response.writeHead(503).end("x".repeat(5_000));
        if (request.url === "/moved") return void response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        // /hang: never answers.
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(function () {
    server.closeAllConnections();
    server.close();
  });

  const options = { timeoutMs: 500, allowLoopback: true };

  it("posts the JSON with its headers and reports the status, the latency and the start of the answer", async function () {
    const sent = await postEvent(`${base}/ok`, '{"id":"evt_1"}', { "Inventory-Signature": "t=1,v1=ab" }, options);
    expect(sent.result).to.deep.equal({ kind: "response", status: 204 });
    expect(sent.latencyMs).to.be.a("number");
    expect(received.at(-1)).to.deep.equal({ path: "/ok", body: '{"id":"evt_1"}', signature: "t=1,v1=ab" });
    expect((await postEvent(`${base}/gone`, "{}", {}, options)).excerpt).to.equal("no such hook");
    const busy = await postEvent(`${base}/busy`, "{}", {}, options);
    expect([busy.result, busy.excerpt?.length]).to.deep.equal([{ kind: "response", status: 503 }, 512]);
  });

  it("gives up on a receiver that doesn't answer within the timeout", async function () {
    expect((await postEvent(`${base}/hang`, "{}", {}, { ...options, timeoutMs: 200 })).result).to.deep.equal({ kind: "timeout" });
  });

  it("never follows a redirect", async function () {
    const before = received.length;
    expect((await postEvent(`${base}/moved`, "{}", {}, options)).result).to.deep.equal({ kind: "response", status: 302 });
    expect(received.length).to.equal(before + 1);
  });

  it("refuses loopback, private and metadata addresses on the connection, and plain http, unless under the emulator", async function () {
    const production = { timeoutMs: 500, allowLoopback: false };
    expect((await postEvent(`${base}/ok`, "{}", {}, production)).result.kind).to.equal("refused-address");
    for (const url of ["https://127.0.0.1:9/x", "https://10.0.0.8/x", "https://192.168.1.1/x", "https://169.254.169.254/latest/meta-data/", "https://[::1]:9/x", "https://localhost:9/x"]) {
      expect((await postEvent(url, "{}", {}, production)).result.kind, url).to.equal("refused-address");
    }
    expect((await postEvent("not a url", "{}", {}, production)).result.kind).to.equal("refused-address");
    expect((await postEvent("ftp://example.com/x", "{}", {}, options)).result.kind).to.equal("refused-address");
    // Allowed under the emulator: loopback only, never the metadata server or private ranges.
    expect((await postEvent("https://169.254.169.254/latest/meta-data/", "{}", {}, options)).result.kind).to.equal("refused-address");
    expect((await postEvent("https://10.0.0.8/x", "{}", {}, options)).result.kind).to.equal("refused-address");
  });
});
