// The simulation's verdicts beyond stock and order bookkeeping (tools/load/invariants):
// replays, invalid requests, emails and buyers. Pure where they can be, so unit tests can
// show each one failing.
import type { Firestore } from "firebase-admin/firestore";
import type { Check } from "../load/invariants";
import type { Attempt } from "../load/loadRunner";
import type { MailSummary } from "../load/mailbox";
import { orderIdFor } from "../../functions/src/orders/orderId";
import type { SimulationJob } from "./plan";

export interface BuyerIdentity {
  uid: string;
  email: string;
}

const jobOf = (attempt: Attempt) => attempt.job as SimulationJob;

function outcomeKey(attempt: Attempt): string {
  if (attempt.ok) return `order ${attempt.orderId} total ${attempt.response?.total} items ${JSON.stringify(attempt.response?.items)}`;
  return `${attempt.code} ${attempt.reason ?? ""}`;
}

// A refusal that a later send may answer differently: a cap on holds frees up as holds end.
// (Stock only goes down during a run, so a stock refusal stays one.)
const passing = (attempt: Attempt) => !attempt.ok && attempt.reason === "hold-limit";

// Every send of one buyer's request got the same answer: the same order, or the same refusal.
export function checkReplays(attempts: Attempt[]): Check {
  const groups = new Map<string, Attempt[]>();
  for (const attempt of attempts) {
    const job = jobOf(attempt);
    if (job.kind === "invalid") continue;
    const key = `${job.buyer}\u0000${job.requestId}`;
    groups.set(key, [...(groups.get(key) ?? []), attempt]);
  }
  const replayed = [...groups.values()].filter((group) => group.length > 1);
  const mismatched = replayed.filter((group) => new Set(group.filter((attempt) => !passing(attempt)).map(outcomeKey)).size > 1);
  return {
    name: "replays returned the original order (or the same refusal)",
    ok: mismatched.length === 0,
    detail: mismatched.length
      ? mismatched
          .slice(0, 3)
          .map((group) => group.map(outcomeKey).join(" vs "))
          .join("; ")
      : `${replayed.length} requests sent more than once, all answered alike`,
  };
}

// Invalid requests were refused as such; `ordersUnder` says which of their would-be order
// ids exist in the database (none may).
export function checkInvalid(attempts: Attempt[], buyers: BuyerIdentity[], existingOrderIds: Set<string>): Check {
  const invalid = attempts.filter((attempt) => jobOf(attempt).kind === "invalid");
  const wrongAnswer = invalid.filter((attempt) => attempt.ok || attempt.code !== "functions/invalid-argument");
  const written = invalid.filter((attempt) => existingOrderIds.has(invalidOrderId(attempt, buyers) ?? ""));
  const problems = [
    ...wrongAnswer.map((a) => `${jobOf(a).flaw}: answered ${a.ok ? "ok" : a.code}`),
    ...written.map((a) => `${jobOf(a).flaw}: an order was written`),
  ];
  return {
    name: "invalid requests were refused with invalid-argument and wrote nothing",
    ok: problems.length === 0,
    detail: problems.length ? problems.slice(0, 5).join("; ") : `${invalid.length} invalid requests, none written`,
  };
}

export function invalidOrderId(attempt: Attempt, buyers: BuyerIdentity[]): string | undefined {
  const job = jobOf(attempt);
  const buyer = buyers[job.buyer];
  const requestId = (job.payload as { requestId?: unknown } | undefined)?.requestId;
  return buyer && typeof requestId === "string" ? orderIdFor(buyer.uid, requestId) : undefined;
}

// Exactly one email per confirmed order, to its buyer; no email for anything else this
// run's buyers did.
export function checkEmails(mails: MailSummary[], attempts: Attempt[], buyers: BuyerIdentity[]): Check {
  const expected = new Map<string, string>();
  for (const attempt of attempts) {
    if (attempt.ok && attempt.orderId) expected.set(attempt.orderId, buyers[jobOf(attempt).buyer]?.email ?? "?");
  }
  const ours = new Set(buyers.map((buyer) => buyer.email.toLowerCase()));
  const byOrder = new Map<string, MailSummary[]>();
  const stray: MailSummary[] = [];
  for (const mail of mails) {
    if (mail.orderId && expected.has(mail.orderId)) byOrder.set(mail.orderId, [...(byOrder.get(mail.orderId) ?? []), mail]);
    else if (mail.to.some((to) => ours.has(to.toLowerCase()))) stray.push(mail);
  }
  const problems: string[] = [];
  for (const [orderId, email] of expected) {
    const got = byOrder.get(orderId) ?? [];
    if (got.length !== 1) problems.push(`${orderId}: ${got.length} emails`);
    else if (got[0]?.to.length !== 1 || got[0].to[0]?.toLowerCase() !== email.toLowerCase()) {
      problems.push(`${orderId}: sent to ${got[0]?.to.join(", ")}, not ${email}`);
    }
  }
  for (const mail of stray) problems.push(`email for unknown order ${mail.orderId ?? "(no order id)"} to ${mail.to.join(", ")}`);
  return {
    name: "exactly one confirmation email per confirmed order, to its buyer, with its order id",
    ok: problems.length === 0,
    detail: problems.length ? `${problems.length} problems: ${problems.slice(0, 5).join("; ")}` : `${expected.size} orders, ${expected.size} emails`,
  };
}

// Every order written since the run began belongs to a real account, under that
// account's email.
export async function checkBuyers(
  db: Firestore,
  since: Date,
  lookup: (uids: string[]) => Promise<Map<string, string | undefined>>,
): Promise<Check> {
  const orders = await db.collection("orders").where("createdAt", ">=", since).get();
  const uids = [...new Set(orders.docs.map((doc) => doc.get("uid") as string))];
  const emails = await lookup(uids);
  const orphans = orders.docs.filter((doc) => {
    const uid = doc.get("uid") as string;
    return !emails.has(uid) || emails.get(uid) !== doc.get("email");
  });
  return {
    name: "no order without its buyer (account exists, email matches)",
    ok: orphans.length === 0,
    detail: orphans.length ? `${orphans.length} orphans, e.g. ${orphans[0]?.id}` : `${orders.size} orders, ${uids.length} buyers`,
  };
}

export interface HoldState {
  holdId: string;
  status: string | undefined;
  // Orders that carry this hold's id (there must be one if it was converted, none otherwise).
  orders: number;
}

// Pure verdict over the holds of a run, once abandoned holds had their time: each became one
// order or none, and none is left holding units.
export function checkHoldStates(holds: HoldState[], heldLeft: Map<string, number>): Check[] {
  const both = holds.filter((h) => (h.status === "converted" ? h.orders !== 1 : h.orders !== 0));
  const active = holds.filter((h) => h.status === "active");
  const stillHeld = [...heldLeft].filter(([, held]) => held !== 0);
  const counts: Record<string, number> = {};
  for (const h of holds) counts[h.status ?? "missing"] = (counts[h.status ?? "missing"] ?? 0) + 1;
  return [
    {
      name: "no unit both held and sold: every hold became exactly one order, or none",
      ok: both.length === 0,
      detail: both.length ? both.slice(0, 5).map((h) => `${h.holdId}: ${h.status} with ${h.orders} orders`).join("; ") : JSON.stringify(counts),
    },
    {
      name: "every abandoned hold returned its units (none left active, nothing held)",
      ok: active.length === 0 && stillHeld.length === 0,
      detail: active.length || stillHeld.length ? `${active.length} active; held left: ${JSON.stringify(Object.fromEntries(stillHeld))}` : `${holds.length} holds ended`,
    },
  ];
}

export async function readHoldStates(db: Firestore, holds: { holdId: string; uid: string }[]): Promise<HoldState[]> {
  const unique = [...new Map(holds.map((h) => [h.holdId, h])).values()];
  const snapshots = await Promise.all(unique.map(({ holdId }) => db.collection("holds").doc(holdId).get()));
  const orders = await Promise.all(unique.map(({ holdId }) => db.collection("orders").where("holdId", "==", holdId).count().get()));
  return unique
    .map(({ holdId }, i) => ({ holdId, status: snapshots[i]?.get("status") as string | undefined, orders: orders[i]?.data().count ?? 0 }))
    // A hold refused (for stock, or a cap on holds) was never placed.
    .filter((h) => h.status !== undefined || h.orders > 0);
}
