import { expect } from "chai";
import { queueProductId, queuedRequest } from "../../src/allocator/queue/orderQueue";
import { requestKey } from "../../src/allocator/allocationPlan";

describe("order queue id", function () {
  it("queues an order under its first product id, whatever the line order", function () {
    const items = [{ productId: "mug", quantity: 1 }, { productId: "cap", quantity: 2 }];
    expect(queueProductId({ items })).to.equal("cap");
    expect(queueProductId({ items: [...items].reverse() })).to.equal("cap");
  });
});

describe("queued requests as stored", function () {
  const common = { uid: "u", email: "u@shop.test", requestId: "r", items: [{ productId: "mug", quantity: 1 }], attemptId: "a" };
  it("reads the request kinds, and the flags of versions before them, as the same requests", function () {
    const limits = { activePerBuyer: 3, unitsPerProduct: 2, sharePercent: 50 };
    const pairs = [
      [{ ...common, orderId: "o" }, { ...common, id: "o", kind: "order" }],
      [{ ...common, orderId: "h", hold: { expiresAtMs: 5, limits } }, { ...common, id: "h", kind: "hold", expiresAtMs: 5, limits }],
      [{ ...common, orderId: "o2", fromHold: { holdId: "h" } }, { ...common, id: "o2", kind: "from-hold", holdId: "h" }],
    ];
    for (const [legacy, current] of pairs) {
      expect(queuedRequest(legacy as object)).to.deep.equal(current);
      expect(queuedRequest(current as object)).to.deep.equal(current);
      expect(requestKey(queuedRequest(legacy as object))).to.equal(requestKey(queuedRequest(current as object)));
    }
  });
});
