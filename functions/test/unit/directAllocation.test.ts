import { expect } from "chai";
import { Timestamp, type DocumentReference, type DocumentSnapshot, type WriteBatch } from "firebase-admin/firestore";
import { guardedWriter } from "../../src/firestore/guardedCommit";

const ref = (path: string) => ({ path }) as DocumentReference;
const snapshot = (path: string, exists: boolean, updateMs?: number) =>
  ({ ref: ref(path), exists, updateTime: updateMs === undefined ? undefined : Timestamp.fromMillis(updateMs) }) as unknown as DocumentSnapshot;

function recordingBatch() {
  const calls: { op: string; path: string; precondition?: unknown }[] = [];
  const batch = {
    create: (r: DocumentReference) => calls.push({ op: "create", path: r.path }),
    update: (r: DocumentReference, _data: unknown, precondition?: unknown) => calls.push({ op: "update", path: r.path, precondition }),
  } as unknown as WriteBatch;
  return { batch, calls };
}

describe("guarded writes of the direct path", function () {
  it("updates a read document only if unchanged since the read", function () {
    const { batch, calls } = recordingBatch();
    const writer = guardedWriter(batch, [snapshot("products/p", true, 42)]);
    writer.update(ref("products/p"), { quantity: 1 });
    expect(calls).to.deep.equal([{ op: "update", path: "products/p", precondition: { lastUpdateTime: Timestamp.fromMillis(42) } }]);
  });

  it("turns a set of a document that didn't exist into a create, so a concurrent first write fails", function () {
    const { batch, calls } = recordingBatch();
    const writer = guardedWriter(batch, [snapshot("products/p/customers/u", false)]);
    writer.set(ref("products/p/customers/u"), { bought: 1 });
    expect(calls).to.deep.equal([{ op: "create", path: "products/p/customers/u" }]);
  });

  it("creates new documents (order, ledger entry) as creates", function () {
    const { batch, calls } = recordingBatch();
    guardedWriter(batch, []).create(ref("orders/o"), {});
    expect(calls).to.deep.equal([{ op: "create", path: "orders/o" }]);
  });

  it("refuses to write a document it did not read", function () {
    const { batch } = recordingBatch();
    expect(() => guardedWriter(batch, []).update(ref("products/q"), {})).to.throw(/without being read/);
  });
});
