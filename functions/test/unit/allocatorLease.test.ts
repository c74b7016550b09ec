import { expect } from "chai";
import { Timestamp, type DocumentReference, type Transaction } from "firebase-admin/firestore";
import { chooseQueue, HOT_COOL_DOWN_MS, LEASE_MS, hotUntil, isExpired, leaseInTransaction, mergeInto, routeOf, type Lease } from "../../src/allocator/allocatorLease";

const at = (ms: number) => Timestamp.fromMillis(ms);

// Records what a batch transaction would write to the lease.
function recordingTx(): { tx: Transaction; updates: Record<string, unknown>[] } {
  const updates: Record<string, unknown>[] = [];
  const tx = { update: (_ref: unknown, data: Record<string, unknown>) => updates.push(data) } as unknown as Transaction;
  return { tx, updates };
}

const lease = { ref: { parent: { parent: { id: "p" } } }, owner: "me" } as unknown as Lease;

describe("allocator lease", function () {
  it("is expired when missing, without expiry, or past it", function () {
    const now = 1_000_000;
    expect(isExpired(undefined, now)).to.be.true;
    expect(isExpired({}, now)).to.be.true;
    expect(isExpired({ expiresAt: at(now) }, now)).to.be.true;
    expect(isExpired({ expiresAt: at(now + 1) }, now)).to.be.false;
  });

  it("counts a product hot until the later of its lease and its cool-down", function () {
    expect(hotUntil(undefined)).to.equal(0);
    expect(hotUntil({ expiresAt: at(5) })).to.equal(5);
    expect(hotUntil({ expiresAt: at(5), coolUntil: at(9) })).to.equal(9);
    expect(hotUntil({ coolUntil: at(3), expiresAt: at(7) })).to.equal(7);
  });

  it("writes nothing in a batch while the lease and hot window have time left", function () {
    const now = Date.now();
    const { tx, updates } = recordingTx();
    const current = { owner: "me", expiresAt: at(now + LEASE_MS), coolUntil: at(now + HOT_COOL_DOWN_MS) };
    expect(leaseInTransaction(tx, lease, current, { combined: true, release: false })).to.be.true;
    expect(updates).to.deep.equal([]);
  });

  it("renews a lease past half its life, and extends the hot window only for combined batches", function () {
    const now = Date.now();
    const { tx, updates } = recordingTx();
    const current = { owner: "me", expiresAt: at(now + 1000) };
    expect(leaseInTransaction(tx, lease, current, { combined: false, release: false })).to.be.true;
    expect(updates).to.have.length(1);
    expect((updates[0]?.expiresAt as Timestamp).toMillis()).to.be.greaterThan(now + LEASE_MS / 2);
    expect(updates[0]).to.not.have.property("coolUntil");

    const combined = recordingTx();
    leaseInTransaction(combined.tx, lease, current, { combined: true, release: false });
    expect((combined.updates[0]?.coolUntil as Timestamp).toMillis()).to.be.greaterThan(now + HOT_COOL_DOWN_MS / 2);
  });

  it("ends the lease in the leader's last batch", function () {
    const now = Date.now();
    const { tx, updates } = recordingTx();
    leaseInTransaction(tx, lease, { owner: "me", expiresAt: at(now + LEASE_MS) }, { combined: false, release: true });
    expect((updates[0]?.expiresAt as Timestamp).toMillis()).to.be.at.most(Date.now());
  });

  it("touches nothing and reports the loss when another owner holds the lease", function () {
    const { tx, updates } = recordingTx();
    expect(leaseInTransaction(tx, lease, { owner: "someone-else", expiresAt: at(Date.now() + LEASE_MS) }, { combined: true, release: true })).to.be.false;
    expect(updates).to.deep.equal([]);
  });
});

describe("hot product routing and merging", function () {
  const now = 1_000_000;
  const hot = { expiresAt: at(now + 5000) };
  const cooling = { expiresAt: at(now - 1), coolUntil: at(now + 5000) };
  const cold = { expiresAt: at(now - 1), coolUntil: at(now - 1) };

  it("sends nothing to a queue while no product of the order is hot", function () {
    expect(chooseQueue(["a", "b"], [undefined, cold], now)).to.equal(undefined);
  });

  it("queues under the smallest hot product, for as long as the earliest of its reasons lasts", function () {
    expect(chooseQueue(["z", "m", "a"], [hot, cooling, cold], now)).to.deep.equal({ queueId: "m", until: now + 5000 });
  });

  it("follows a merge: a product merged into another queues its orders there", function () {
    const merged = { ...cold, mergedInto: "a", mergedUntil: at(now + 3000) };
    expect(routeOf("m", merged, now)).to.deep.equal({ queue: "a", until: now + 3000 });
    expect(chooseQueue(["m"], [merged], now)).to.deep.equal({ queueId: "a", until: now + 3000 });
    expect(routeOf("m", { ...merged, mergedUntil: at(now) }, now).queue, "an expired merge no longer counts").to.equal("m");
  });

  const ref = (productId: string) => ({ parent: { parent: { id: productId } } }) as unknown as DocumentReference;
  function recordingSets() {
    const sets: { id: string; data: Record<string, unknown> }[] = [];
    const tx = { set: (r: DocumentReference, data: Record<string, unknown>) => sets.push({ id: r.parent.parent?.id ?? "", data }) } as unknown as Transaction;
    return { tx, sets };
  }

  it("merges the other hot products a batch wrote into its queue, and leaves cold ones alone", function () {
    const { tx, sets } = recordingSets();
    mergeInto(tx, "a", hot, [{ ref: ref("b"), data: hot }, { ref: ref("c"), data: cold }], now);
    expect(sets.map((s) => s.id)).to.deep.equal(["b"]);
    expect(sets[0]?.data.mergedInto).to.equal("a");
    expect((sets[0]?.data.mergedUntil as Timestamp).toMillis()).to.equal(now + HOT_COOL_DOWN_MS);
  });

  it("never merges into a queue that is itself merged elsewhere, nor steals a product merged into another queue", function () {
    const first = recordingSets();
    mergeInto(first.tx, "a", { ...hot, mergedInto: "0", mergedUntil: at(now + 5000) }, [{ ref: ref("b"), data: hot }], now);
    expect(first.sets).to.deep.equal([]);
    const second = recordingSets();
    mergeInto(second.tx, "a", hot, [{ ref: ref("b"), data: { ...hot, mergedInto: "c", mergedUntil: at(now + 5000) } }], now);
    expect(second.sets).to.deep.equal([]);
  });

  it("writes a merge again only when half of it has run out", function () {
    const fresh = recordingSets();
    mergeInto(fresh.tx, "a", hot, [{ ref: ref("b"), data: { ...hot, mergedInto: "a", mergedUntil: at(now + HOT_COOL_DOWN_MS) } }], now);
    expect(fresh.sets).to.deep.equal([]);
    const due = recordingSets();
    mergeInto(due.tx, "a", hot, [{ ref: ref("b"), data: { ...hot, mergedInto: "a", mergedUntil: at(now + 1000) } }], now);
    expect(due.sets).to.have.length(1);
  });
});
