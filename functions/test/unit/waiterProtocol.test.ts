// The queue protocol (allocator/queue/waiterProtocol.ts) run through every interleaving of up to
// three calls, without Firebase: a model of the queue's documents (queued requests, outcomes,
// orders, the lease) carries out each call's steps atomically, as Firestore's commits and
// transactions do, in every order, with every step that can fail failing (before or after its
// write lands), listeners lagging, time passing, and the lease expiring under its holder.
// Checked in every state reached: each queued attempt is decided at most once and never after
// it was taken back; every answer agrees with the documents (an order answered is an order
// stored, with this call's cart); a call answered "undecided" never has an attempt decided,
// then or later; and when every call has answered, nothing is left queued behind them.
import { expect } from "chai";
import { LEASE_RETRY_MS } from "../../src/allocator/timing";
import type { Outcome } from "../../src/allocator/queue/queueOutcome";
import { nextStep, START, type WaiterAction, type WaiterEvent, type WaiterState } from "../../src/allocator/queue/waiterProtocol";

// Steps any one interleaving may take (every call answers well within it).
const MAX_DEPTH = 60;
// Failed steps, and lease expiries, in any one interleaving.
const MAX_FAULTS = 2;
const MAX_EXPIRIES = 2;
const DECIDE_BY = 2 * LEASE_RETRY_MS;

interface Call {
  orderId: string;
  key: string;
  state: WaiterState;
  action: WaiterAction;
  now: number;
  leading: boolean;
  // Draining: batches done so far. Queueing: the create found a request (the read comes next).
  stage?: "batch" | "conflict";
  // "undecided", "failed", or the verdict's kind.
  answer?: string;
  // Answered undecided: how many of its attempts were decided by then.
  decidedBefore?: number;
}

interface World {
  queued: Record<string, { attemptId: string; key: string; by: number }>;
  outcomes: Record<string, { attemptId: string; key: string; kind: "confirmed" | "replayed" | "refused" }>;
  orders: Record<string, string>;
  lease: number | null;
  attempts: number;
  faults: number;
  expiries: number;
  // Every attempt decided so far, with the call that queued it.
  decided: Record<string, { by: number; times: number }>;
  withdrawn: string[];
  calls: Call[];
}

const outcomeOf = (stored: World["outcomes"][string] | undefined): Outcome | undefined => {
  if (!stored) return undefined;
  const { attemptId, key, kind } = stored;
  if (kind === "refused") return { kind, attemptId, requestKey: key, refusal: { reason: "request-id-reused", requestId: "r" } };
  return { kind, attemptId, requestKey: key, result: { orderId: "o" } } as unknown as Outcome;
};

function clone(world: World): World {
  return structuredClone(world);
}

// One batch of the leader `index`: decides everything queued, as processBatch does.
function batch(world: World, index: number): { releases: boolean } {
  const call = world.calls[index] as Call;
  const own = "attemptId" in call.state ? call.state.attemptId : undefined;
  const ownDone = world.outcomes[call.orderId]?.attemptId === own;
  const ids = Object.keys(world.queued);
  const releases = ownDone || ids.includes(call.orderId) || ids.length === 0;
  for (const orderId of ids) {
    const { attemptId, key, by } = world.queued[orderId] as World["queued"][string];
    expect(world.withdrawn, `attempt ${attemptId} decided after it was taken back`).not.to.include(attemptId);
    const decided = (world.decided[attemptId] ??= { by, times: 0 });
    decided.times += 1;
    expect(decided.times, `attempt ${attemptId} decided twice`).to.equal(1);
    const existing = world.orders[orderId];
    const kind = existing === undefined ? "confirmed" : existing === key ? "replayed" : "refused";
    if (kind === "confirmed") world.orders[orderId] = key;
    world.outcomes[orderId] = { attemptId, key, kind };
    delete world.queued[orderId];
  }
  return { releases };
}

// The worlds one call's next step can lead to, each with the event the call is told.
// No event: a step inside a longer one (a conflict's read, a further batch) comes next.
function stepsOf(world: World, index: number): { world: World; event?: WaiterEvent }[] {
  const call = world.calls[index] as Call;
  const { action } = call;
  const out: { world: World; event?: WaiterEvent }[] = [];
  const fault = (landed?: (next: World) => void) => {
    if (world.faults >= MAX_FAULTS) return;
    for (const land of landed ? [false, true] : [false]) {
      const next = clone(world);
      next.faults += 1;
      if (land) landed?.(next);
      out.push({ world: next, event: { kind: "failed" } });
    }
  };
  switch (action.kind) {
    case "enqueue": {
      const next = clone(world);
      const mine = next.calls[index] as Call;
      if (call.stage === "conflict") {
        // The create failed on an existing request; what the read finds now decides.
        mine.stage = undefined;
        const queued = next.queued[call.orderId];
        const result = !queued ? ({ kind: "decided" } as const) : queued.key === call.key ? ({ kind: "joined", attemptId: queued.attemptId } as const) : ({ kind: "reused" } as const);
        return [{ world: next, event: { kind: "enqueued", result } }];
      }
      const create = (into: World) => {
        const attemptId = `a${(into.attempts += 1)}`;
        into.queued[call.orderId] = { attemptId, key: call.key, by: index };
        const leased = action.claimLease && into.lease === null;
        if (leased) into.lease = index;
        return { attemptId, leased };
      };
      if (world.queued[call.orderId]) {
        mine.stage = "conflict";
        return [{ world: next }];
      }
      const { attemptId, leased } = create(next);
      mine.leading = leased;
      out.push({ world: next, event: { kind: "enqueued", result: { kind: "queued", attemptId, ...(leased ? { leased } : {}) } } });
      fault((into) => void create(into));
      return out;
    }
    case "read-decision":
      return [{ world: clone(world), event: { kind: "read", outcome: outcomeOf(world.outcomes[call.orderId]) } }];
    case "look": {
      // Time passes while a call sleeps, and maybe a little even when it doesn't (up to its deadline).
      const times = action.sleep ? [...new Set([call.now, Math.min(DECIDE_BY, call.now + LEASE_RETRY_MS), DECIDE_BY])] : [...new Set([call.now, DECIDE_BY])];
      for (const now of times) {
        // The listener may not have brought the outcome yet.
        for (const seen of [true, false]) {
          if (!seen && !world.outcomes[call.orderId]) continue;
          const next = clone(world);
          (next.calls[index] as Call).now = now;
          out.push({ world: next, event: { kind: "looked", now, outcome: seen ? outcomeOf(world.outcomes[call.orderId]) : undefined, leaseFree: world.lease === null } });
        }
      }
      return out;
    }
    case "acquire-lease": {
      const next = clone(world);
      const won = next.lease === null;
      if (won) {
        next.lease = index;
        (next.calls[index] as Call).leading = true;
      }
      out.push({ world: next, event: { kind: "acquired", lease: won, now: call.now } });
      fault();
      return out;
    }
    case "drain": {
      const next = clone(world);
      const mine = next.calls[index] as Call;
      const { releases } = batch(next, index);
      if (releases || next.lease !== index) {
        if (next.lease === index) next.lease = null;
        mine.stage = undefined;
        mine.leading = false;
        out.push({ world: next, event: { kind: "drained", outcome: outcomeOf(next.outcomes[call.orderId]) } });
      } else {
        // More batches to come: another step, which other calls may interleave with.
        mine.stage = "batch";
        out.push({ world: next });
      }
      fault();
      return out;
    }
    case "check-queued":
      return [{ world: clone(world), event: { kind: "checked", queued: world.queued[call.orderId] !== undefined, outcome: outcomeOf(world.outcomes[call.orderId]) } }];
    case "withdraw": {
      const next = clone(world);
      // A lease claimed with the queueing but never used is handed on first.
      if (call.leading) {
        if (next.lease === index) next.lease = null;
        (next.calls[index] as Call).leading = false;
      }
      const queued = next.queued[call.orderId];
      let event: WaiterEvent;
      if (queued && queued.key === call.key) {
        delete next.queued[call.orderId];
        next.withdrawn.push(queued.attemptId);
        event = { kind: "withdrew", result: { kind: "withdrawn" } };
      } else {
        const outcome = outcomeOf(next.outcomes[call.orderId]);
        event = { kind: "withdrew", result: outcome ? { kind: "decided", outcome } : { kind: "gone" } };
      }
      out.push({ world: next, event });
      fault();
      return out;
    }
    case "answer":
    case "fail":
      return [];
  }
}

function afterEvent(world: World, index: number, event: WaiterEvent | undefined, carts: { orderId: string; key: string }[]): World {
  const call = world.calls[index] as Call;
  if (!event) return world;
  call.stage = undefined;
  if (event.kind === "failed" && call.leading) {
    // The shell hands the lease on when a step fails.
    if (world.lease === index) world.lease = null;
    call.leading = false;
  }
  const performed = call.action.kind;
  reached.add(`${call.state.phase}: ${event.kind}${"result" in event ? ` ${event.result.kind}` : ""}${performed === "enqueue" && !call.action.takeToken ? " (re-queued)" : ""}`);
  const { state, action } = nextStep({ requestKey: call.key, requestId: "r", decideBy: DECIDE_BY }, call.state, event);
  call.state = state;
  call.action = action;
  if (action.kind === "answer") {
    const verdict = action.verdict;
    if (!verdict) {
      // The caller then answers with the order stored under its id, if any (orders/decide.ts):
      // an attempt of its decided by then must have left that order, with this cart.
      call.answer = "undecided";
      // Only when nothing more can be done: taken back at the deadline, or no decision stored
      // for a request decided or answered elsewhere (never while it could still be queued again).
      const why = performed === "withdraw" || performed === "read-decision" || (event.kind === "checked" && event.outcome !== undefined);
      expect(why, `answered undecided after ${performed}`).to.equal(true);
      call.decidedBefore = decidedOf(world, index);
      if (call.decidedBefore > 0) expect(world.orders[call.orderId], "answered undecided after a decision: the stored order answers").to.equal(call.key);
    }
    else if (verdict.kind === "refused") {
      call.answer = "refused";
      expect(
        carts.some((cart) => cart.orderId === call.orderId && cart.key !== call.key),
        "refused as another cart's id only when another cart uses it",
      ).to.equal(true);
    } else {
      call.answer = verdict.kind;
      expect(world.orders[call.orderId], `answered ${verdict.kind}: the order is stored with this cart`).to.equal(call.key);
    }
  }
  if (action.kind === "fail") call.answer = "failed";
  return world;
}

// Every (phase: event) the exploration reached, over all cases.
const reached = new Set<string>();

const decidedOf = (world: World, index: number) => Object.values(world.decided).filter(({ by }) => by === index).length;

// A call told "undecided" never has an attempt decided after its answer.
function checkState(world: World): void {
  for (const [index, call] of world.calls.entries()) {
    if (call.answer === "undecided") expect(decidedOf(world, index), `call ${index} answered undecided, then its attempt was decided`).to.equal(call.decidedBefore);
  }
}

function checkEnd(world: World): void {
  for (const [orderId, queued] of Object.entries(world.queued)) {
    expect(world.calls[queued.by]?.answer, `request ${orderId} left queued behind its answer`).to.equal("failed");
  }
}

function explore(carts: { orderId: string; key: string }[]): { states: number; ends: number; answers: Set<string> } {
  const start: World = {
    queued: {},
    outcomes: {},
    orders: {},
    lease: null,
    attempts: 0,
    faults: 0,
    expiries: 0,
    decided: {},
    withdrawn: [],
    calls: carts.map(({ orderId, key }) => ({ orderId, key, state: START.state, action: START.action, now: 0, leading: false })),
  };
  const seen = new Set<string>();
  const answers = new Set<string>();
  let ends = 0;
  const visit = (world: World, depth: number, trace: string[]): void => {
    const key = JSON.stringify(world);
    if (seen.has(key)) return;
    seen.add(key);
    const live = world.calls.map((call, index) => (call.answer ? -1 : index)).filter((index) => index >= 0);
    try {
      checkState(world);
      if (live.length === 0) checkEnd(world);
      else expect(depth, "a call that never answers").to.be.below(MAX_DEPTH);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nafter:\n${trace.join("\n")}`);
    }
    if (live.length === 0) {
      ends += 1;
      answers.add(world.calls.map((call) => call.answer).join(","));
      return;
    }
    for (const index of live) {
      const call = world.calls[index] as Call;
      for (const { world: next, event } of stepsOf(world, index)) {
        const step = `call ${index} (${call.orderId}/${call.key}) ${call.state.phase}: ${JSON.stringify(call.action)} -> ${event ? JSON.stringify(event) : "(continues)"}`;
        visit(afterEvent(next, index, event, carts), depth + 1, [...trace, step]);
      }
    }
    if (world.lease !== null && world.expiries < MAX_EXPIRIES) {
      const next = clone(world);
      next.lease = null;
      next.expiries += 1;
      visit(next, depth + 1, [...trace, `lease of call ${world.lease} expires`]);
    }
  };
  visit(start, 0, []);
  return { states: seen.size, ends, answers };
}

describe("the queue protocol, through every interleaving of up to three calls", function () {
  this.timeout(600_000);
  const cases: [string, { orderId: string; key: string }[]][] = [
    ["two orders", [{ orderId: "A", key: "1" }, { orderId: "B", key: "1" }]],
    ["three orders", [{ orderId: "A", key: "1" }, { orderId: "B", key: "1" }, { orderId: "C", key: "1" }]],
    ["an order and its replay (a second tab), beside another order", [{ orderId: "A", key: "1" }, { orderId: "A", key: "1" }, { orderId: "B", key: "1" }]],
    ["an order and another cart under its id, beside another order", [{ orderId: "A", key: "1" }, { orderId: "A", key: "2" }, { orderId: "B", key: "1" }]],
    ["one order three times", [{ orderId: "A", key: "1" }, { orderId: "A", key: "1" }, { orderId: "A", key: "1" }]],
  ];
  for (const [name, carts] of cases) {
    it(`keeps every promise: ${name}`, function () {
      const { states, ends, answers } = explore(carts);
      console.log(`      ${name}: ${states} states explored, ${ends} endings, ${answers.size} distinct sets of answers (depth <= ${MAX_DEPTH}, faults <= ${MAX_FAULTS}, lease expiries <= ${MAX_EXPIRIES})`);
      expect(ends).to.be.greaterThan(0);
    });
  }

  it("reaches every step of the protocol: each kind of queueing, a re-queue, draining, checking, taking back, and failures", function () {
    const expected = [
      "queueing: enqueued queued",
      "queueing: enqueued joined",
      "queueing: enqueued decided",
      "queueing: enqueued reused",
      "queueing: enqueued queued (re-queued)",
      "queueing: failed",
      "reading-decision: read",
      "waiting: looked",
      "acquiring: acquired",
      "acquiring: failed",
      "leading: drained",
      "leading: failed",
      "checking: checked",
      "withdrawing: withdrew withdrawn",
      "withdrawing: withdrew decided",
      "withdrawing: withdrew gone",
      "withdrawing: failed",
    ];
    expect(expected.filter((step) => !reached.has(step))).to.deep.equal([]);
  });
});
