import { expect } from "chai";
import { queueProductId } from "../../src/allocator/queue/orderQueue";

describe("order queue id", function () {
  it("queues an order under its first product id, whatever the line order", function () {
    const items = [{ productId: "mug", quantity: 1 }, { productId: "cap", quantity: 2 }];
    expect(queueProductId({ items })).to.equal("cap");
    expect(queueProductId({ items: [...items].reverse() })).to.equal("cap");
  });
});
