// Signing webhook deliveries and verifying them, with Web Crypto only, so the same code signs in
// the functions and verifies in receivers (Node 20+, Deno, Bun, workers; the client package
// exports verifyWebhook). The signature is HMAC-SHA256 over `<timestamp>.<raw body>`, keyed with
// the endpoint secret's UTF-8 bytes, in hex; the header carries the timestamp and one `v1`
// signature per active secret, so a receiver keeps verifying while its secret is rotated:
//
//   Inventory-Signature: t=1764921600,v1=5f2b...,v1=9ac0...
//
// The timestamp is signed too: a receiver refuses a delivery replayed outside its tolerance.

export const SIGNATURE_HEADER = "Inventory-Signature";
export const SIGNATURE_SCHEME = "v1";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookVerificationFailure = "no-signature-header" | "malformed-header" | "no-matching-signature" | "timestamp-outside-tolerance" | "invalid-body";

export class WebhookVerificationError extends Error {
  constructor(
    readonly reason: WebhookVerificationFailure,
    message: string,
  ) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

const encoder = new TextEncoder();

function bytesOf(body: string | Uint8Array): Uint8Array {
  return typeof body === "string" ? encoder.encode(body) : body;
}

// `<timestamp>.` then the body, byte for byte as it was sent.
function signedPayload(timestamp: number, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestamp}.`);
  const payload = new Uint8Array(prefix.length + body.length);
  payload.set(prefix);
  payload.set(body, prefix.length);
  return payload;
}

type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

function hmacKey(secret: string, usage: "sign" | "verify"): Promise<HmacKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return undefined;
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

// The header for one delivery: one signature per secret (the current one, and during a rotation
// the one it replaces).
export async function signatureHeader(body: string | Uint8Array, secrets: string[], timestampSeconds: number): Promise<string> {
  const payload = signedPayload(timestampSeconds, bytesOf(body));
  const signatures = await Promise.all(secrets.map(async (secret) => toHex(await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), payload))));
  return [`t=${timestampSeconds}`, ...signatures.map((signature) => `${SIGNATURE_SCHEME}=${signature}`)].join(",");
}

function parseHeader(header: string): { timestamp: number; signatures: Uint8Array<ArrayBuffer>[] } {
  let timestamp: number | undefined;
  const signatures: Uint8Array<ArrayBuffer>[] = [];
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    const [key, value] = [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === SIGNATURE_SCHEME) {
      const signature = fromHex(value);
      if (signature) signatures.push(signature);
    }
  }
  if (timestamp === undefined || signatures.length === 0) throw new WebhookVerificationError("malformed-header", `The ${SIGNATURE_HEADER} header has no timestamp (t=) or no ${SIGNATURE_SCHEME} signature.`);
  return { timestamp, signatures };
}

// Checks that `rawBody` (exactly as received: parse it only after) was signed with one of
// `secrets` within `toleranceSeconds` of now, and answers the parsed event. Throws
// WebhookVerificationError, with a `reason`, otherwise.
export async function verifyWebhook<T = unknown>(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secrets: string | string[],
  { toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, nowSeconds = Math.floor(Date.now() / 1000) }: { toleranceSeconds?: number; nowSeconds?: number } = {},
): Promise<T> {
  if (!header) throw new WebhookVerificationError("no-signature-header", `No ${SIGNATURE_HEADER} header: this request was not sent by the shop.`);
  const { timestamp, signatures } = parseHeader(header);
  const body = bytesOf(rawBody);
  const payload = signedPayload(timestamp, body);
  let matched = false;
  for (const secret of typeof secrets === "string" ? [secrets] : secrets) {
    const key = await hmacKey(secret, "verify");
    // crypto.subtle.verify compares in constant time.
    for (const signature of signatures) if (await crypto.subtle.verify("HMAC", key, signature, payload)) matched = true;
  }
  if (!matched) throw new WebhookVerificationError("no-matching-signature", "No signature matches the body with the given secrets (a changed body, or another endpoint's secret).");
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    throw new WebhookVerificationError("timestamp-outside-tolerance", `Signed at ${timestamp}, ${Math.abs(nowSeconds - timestamp)} s from now: outside the ${toleranceSeconds} s tolerance (a replay?).`);
  }
  try {
    return JSON.parse(new TextDecoder().decode(body)) as T;
  } catch {
    throw new WebhookVerificationError("invalid-body", "The signed body is not JSON.");
  }
}
