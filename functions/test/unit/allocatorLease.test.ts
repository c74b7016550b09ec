import { expect } from "chai";
import { Timestamp, type Transaction } from "firebase-admin/firestore";
import { coolUntil, hotUntil } from "../../src/allocator/hotProducts";
import { HOT_COOL_DOWN_MS, LEASE_MS, isExpired, leaseInTransaction, type Lease } from "../../src/allocator/queue/allocatorLease";

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

  it("remembers a product hot after a queue wait by its cool-down only, never by a live lease (maybe the call's own)", function () {
    expect(coolUntil(undefined)).to.equal(0);
    expect(coolUntil({ expiresAt: at(5) })).to.equal(0);
    expect(coolUntil({ expiresAt: at(5), coolUntil: at(3) })).to.equal(3);
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
