// Where an endpoint may point, checked when it is saved, so an admin hears at once that
// https://10.0.0.5/hook or http://example.com won't be called. This is the first check, on the
// URL as written; the one that counts runs on every delivery, on the address actually connected
// to (postEvent's request-filtering agent), so a public name that resolves, or is rebound, to a
// private address is still refused.
import ipaddr from "ipaddr.js";
import type { WebhookRefusal } from "../model/refusals";

type UrlProblem = Extract<WebhookRefusal, { reason: "webhook-url-refused" }>["problem"];

// Names that only ever mean this machine, its network or the cloud's metadata server.
const LOCAL_NAMES = [/^localhost$/, /\.localhost$/, /\.local$/, /\.internal$/, /^metadata$/];

function isLoopbackHost(host: string): boolean {
  if (host === "localhost") return true;
  return ipaddr.isValid(host) && ipaddr.process(host).range() === "loopback";
}

// Answers what is wrong with `url`, or undefined when it may be saved. `allowLoopback`: under the
// emulator only, so a test or a developer can run a receiver on this machine over plain HTTP.
export function urlProblem(url: string, { allowLoopback }: { allowLoopback: boolean }): UrlProblem | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return "invalid-url";
  }
  if (target.username || target.password) return "credentials-in-url";
  // URL keeps IPv6 literals in brackets.
  const host = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (allowLoopback && isLoopbackHost(host) && (target.protocol === "http:" || target.protocol === "https:")) return undefined;
  if (target.protocol !== "https:") return "not-https";
  if (ipaddr.isValid(host)) return ipaddr.process(host).range() === "unicast" ? undefined : "not-public";
  // A bare name without a dot never resolves on the public internet.
  if (!host.includes(".") || LOCAL_NAMES.some((pattern) => pattern.test(host))) return "not-public";
  return undefined;
}
