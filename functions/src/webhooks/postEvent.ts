// One webhook delivery attempt: an HTTPS POST of the event's JSON with its signature header, on
// an agent that checks the address it actually connects to (request-filtering-agent: loopback,
// private, link-local and cloud metadata addresses are refused after DNS resolution, so a name
// that resolves to 169.254.169.254 or is rebound to 10.0.0.1 can't slip through). Redirects are
// never followed and the whole attempt has a timeout. Answers what happened, for
// deliveryPolicy.outcomeOf, with how long it took and the start of the receiver's answer.
import * as http from "node:http";
import * as https from "node:https";
import { useAgent } from "request-filtering-agent";
import type { AttemptResult } from "./deliveryPolicy";

export interface PostOptions {
  timeoutMs: number;
  // Only under the emulator, so tests can run a receiver on this machine.
  allowLoopback: boolean;
}

export interface Attempt {
  result: AttemptResult;
  latencyMs: number;
  // The start of the receiver's answer, for the delivery log.
  excerpt?: string;
}

const EXCERPT_BYTES = 512;
const LOOPBACK = ["127.0.0.1", "::1"];

export function postEvent(url: string, body: string, headers: Record<string, string>, { timeoutMs, allowLoopback }: PostOptions): Promise<Attempt> {
  const started = Date.now();
  const done = (result: AttemptResult, excerpt?: string): Attempt => ({ result, latencyMs: Date.now() - started, ...(excerpt !== undefined ? { excerpt } : {}) });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve(done({ kind: "refused-address" }));
      return;
    }
    const secure = target.protocol === "https:";
    if (!secure && !(allowLoopback && target.protocol === "http:")) {
      resolve(done({ kind: "refused-address", address: target.protocol }));
      return;
    }
    const agent = useAgent(url, { ...(allowLoopback ? { allowIPAddressList: LOOPBACK } : {}), keepAlive: false });
    const request = (secure ? https : http).request(
      target,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body).toString(), ...headers }, signal: AbortSignal.timeout(timeoutMs) },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () => resolve(done({ kind: "response", status: response.statusCode ?? 0 }, Buffer.concat(chunks).toString("utf8").slice(0, EXCERPT_BYTES))));
        response.on("error", () => resolve(done({ kind: "response", status: response.statusCode ?? 0 })));
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error.name === "AbortError" || error.name === "TimeoutError") resolve(done({ kind: "timeout" }));
      // request-filtering-agent refuses with a message naming the address.
      else if (/is not allowed/.test(error.message)) resolve(done({ kind: "refused-address", address: error.message.match(/(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]+:[0-9a-f:]*)/i)?.[1] ?? "" }));
      else resolve(done({ kind: "network", ...(error.code ? { code: error.code } : {}) }));
    });
    request.end(body);
  });
}
