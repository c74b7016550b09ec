// Stock at several locations, end to end on the emulators with the real client SDK: orders and
// holds take units location by location (split when one can't give them all) and record where
// from; shipments, cancellations and hold endings give units back where they came from;
// transfers move only unpromised units, once per requestId; stock-takes count one location;
// a location with stock can't be deactivated; the ledger adds up per location and bucket.
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { checkLedger } from "../../src/stock/ledgerCheck";
import { attempt, callable, closeClients, newAdmin, newBuyer, newRequestId, newStaff, type Buyer } from "../../../tools/testkit/buyers";
import { shopDb, uniqueId } from "../../../tools/testkit/emulator";
import type { HoldResult } from "../../src/model/holdDocument";

type Shelf = { onHand: number; committed: number; held: number };

describe("locations (allocation, transfers, stock-takes per location)", function () {
  this.timeout(180_000);
  let admin: Buyer;
  let packer: Buyer;
  let buyer: Buyer;
  const touched: string[] = [];
  const [north, south] = [uniqueId("north"), uniqueId("south")];

  before(async function () {
    [admin, packer, buyer] = await Promise.all([newAdmin(), newStaff({ fulfilment: true }), newBuyer()]);
    // North gives units first.
    await callable(admin.app, "upsertLocation")({ locationId: north, name: "North warehouse", priority: 1 });
    await callable(admin.app, "upsertLocation")({ locationId: south, name: "South shop", priority: 2 });
  });

  after(async function () {
    await closeClients([admin.app, packer.app, buyer.app]);
  });

  const call = <T>(who: Buyer, name: string, data: unknown) => attempt(callable<T>(who.app, name)(data));
  // `count` fresh buyers for one test, signed out again whatever happens.
  const withBuyers = async (count: number, work: (buyers: Buyer[]) => Promise<void>) => {
    const buyers = await Promise.all(Array.from({ length: count }, () => newBuyer()));
    try {
      await work(buyers);
    } finally {
      await closeClients(buyers.map((b) => b.app));
    }
  };
  const shelves = async (productId: string) => {
    const data = (await shopDb().collection("products").doc(productId).get()).data() ?? {};
    return { quantity: data.quantity as number, locations: data.locations as Record<string, Shelf> };
  };
  const at = (onHand: number, committed = 0, held = 0): Shelf => ({ onHand, committed, held });
  // A product with `northUnits` at north and `southUnits` at south (nothing at the default location).
  const stocked = async (northUnits: number, southUnits: number) => {
    const productId = uniqueId("loc");
    touched.push(productId);
    await call(admin, "upsertProduct", { productId, name: `Lamp ${productId}`, price: 2000, currency: "EUR" });
    if (northUnits) expect((await call(admin, "restockProduct", { productId, add: northUnits, locationId: north })).ok).to.equal(true);
    if (southUnits) expect((await call(admin, "restockProduct", { productId, add: southUnits, locationId: south })).ok).to.equal(true);
    return productId;
  };

  it("allocates by priority, splits a line over locations, records where each unit comes from, and ships from there", async function () {
    const productId = await stocked(3, 5);
    const { data: first } = await buyer.placeOrder({ items: [{ productId, quantity: 2 }], requestId: newRequestId() });
    const { data: split } = await buyer.placeOrder({ items: [{ productId, quantity: 4 }], requestId: newRequestId() });
    const allocations = async (orderId: string) => (await shopDb().collection("orders").doc(orderId).get()).get("allocations") as unknown[];
    expect(await allocations(first.orderId)).to.deep.equal([{ productId, locationId: north, quantity: 2 }]);
    expect(await allocations(split.orderId)).to.deep.equal([
      { productId, locationId: north, quantity: 1 },
      { productId, locationId: south, quantity: 3 },
    ]);
    expect(await shelves(productId)).to.deep.equal({ quantity: 2, locations: { default: at(0), [north]: at(3, 3), [south]: at(5, 3) } });
    // Too many for both together: refused whole, nothing moves.
    const tooMany = await attempt(buyer.placeOrder({ items: [{ productId, quantity: 3 }], requestId: newRequestId() }));
    expect(tooMany.details).to.include({ reason: "insufficient-stock", available: 2 });

    // Shipping the split order takes the units off both shelves; cancelling the other gives north its unit back.
    expect((await call(packer, "fulfillOrder", { orderId: split.orderId, requestId: newRequestId() })).ok).to.equal(true);
    expect((await call(admin, "cancelOrder", { orderId: first.orderId, reason: "customer-request" })).ok).to.equal(true);
    expect(await shelves(productId)).to.deep.equal({ quantity: 4, locations: { default: at(0), [north]: at(2), [south]: at(2) } });
  });

  it("ships from another location when told, from units it has not promised", async function () {
    const productId = await stocked(2, 2);
    const { data: order } = await buyer.placeOrder({ items: [{ productId, quantity: 2 }], requestId: newRequestId() });
    await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() });
    expect(await shelves(productId)).to.deep.equal({ quantity: 1, locations: { default: at(0), [north]: at(2, 2), [south]: at(2, 1) } });
    // South has 1 unpromised unit: not enough for 2.
    const short = await call(packer, "fulfillOrder", { orderId: order.orderId, requestId: newRequestId(), locationId: south });
    expect(short.details).to.deep.include({ reason: "location-short", locationId: south, requested: 2, available: 1 });
    await call(packer, "fulfillOrder", { orderId: order.orderId, requestId: newRequestId(), lines: [{ productId, quantity: 1 }], locationId: south });
    // North's commitment is released (its unit free again), south's shelf gave the unit.
    expect(await shelves(productId)).to.deep.equal({ quantity: 1, locations: { default: at(0), [north]: at(2, 1), [south]: at(1, 1) } });
    const inactive = await call(packer, "fulfillOrder", { orderId: order.orderId, requestId: newRequestId(), locationId: uniqueId("nowhere") });
    expect(inactive.details).to.include({ reason: "location-not-found" });
  });

  it("holds at locations and gives held units back where they were held, on expiry or as the order", async function () {
    // 6 units: holds may take half (HOLD_MAX_SHARE_PERCENT).
    const productId = await stocked(1, 5);
    const hold = async (quantity: number) => {
      const held = await call<HoldResult>(buyer, "holdStock", { items: [{ productId, quantity }], requestId: newRequestId() });
      expect(held.ok, JSON.stringify(held)).to.equal(true);
      return held.value!.holdId;
    };
    const [expiring, converting] = [await hold(2), await hold(1)];
    expect(await shelves(productId)).to.deep.equal({ quantity: 3, locations: { default: at(0), [north]: at(1, 0, 1), [south]: at(5, 0, 2) } });
    const { data: order } = await buyer.placeOrder({ holdId: converting, requestId: newRequestId() });
    expect((await shopDb().collection("orders").doc(order.orderId).get()).get("allocations")).to.deep.equal([{ productId, locationId: south, quantity: 1 }]);
    await shopDb().collection("holds").doc(expiring).update({ expiresAt: Timestamp.fromMillis(Date.now() - 1000) });
    await callable(admin.app, "sweepHoldsNow")({});
    expect(await shelves(productId)).to.deep.equal({ quantity: 5, locations: { default: at(0), [north]: at(1), [south]: at(5, 1) } });
  });

  it("transfers unpromised units in one commit, once per requestId, and counts one location at a time", async function () {
    const productId = await stocked(4, 0);
    await buyer.placeOrder({ items: [{ productId, quantity: 3 }], requestId: newRequestId() });
    const requestId = newRequestId();
    const refused = await call(admin, "transferStock", { productId, from: north, to: south, quantity: 2, reason: "rebalance", requestId });
    expect(refused.details).to.deep.include({ reason: "location-short", locationId: north, requested: 2, available: 1 });
    const moved = await call<{ replayed: boolean }>(admin, "transferStock", { productId, from: north, to: south, quantity: 1, reason: "rebalance", requestId });
    expect(moved.value?.replayed).to.equal(false);
    expect((await call<{ replayed: boolean }>(admin, "transferStock", { productId, from: north, to: south, quantity: 1, reason: "rebalance", requestId })).value?.replayed).to.equal(true);
    expect((await call(admin, "transferStock", { productId, from: north, to: north, quantity: 1, reason: "x", requestId: newRequestId() })).code).to.equal("functions/invalid-argument");
    expect((await call(packer, "transferStock", { productId, from: north, to: south, quantity: 1, reason: "x", requestId: newRequestId() })).details).to.deep.equal({ reason: "admin-required" });
    expect(await shelves(productId)).to.deep.equal({ quantity: 1, locations: { default: at(0), [north]: at(3, 3), [south]: at(1) } });

    // South's count: 3 on its shelf. North's count below what is promised there needs saying so.
    expect((await call(admin, "adjustStock", { productId, quantity: 3, reason: "count", locationId: south })).value).to.include({ quantity: 3 });
    expect((await call(admin, "adjustStock", { productId, quantity: 2, reason: "count", locationId: north })).details).to.deep.include({ reason: "count-below-promised", committed: 3, locationId: north });
    expect(await shelves(productId)).to.deep.equal({ quantity: 3, locations: { default: at(0), [north]: at(3, 3), [south]: at(3) } });
  });

  it("refuses to deactivate a location with stock, and stock to an inactive one", async function () {
    const productId = await stocked(0, 2);
    const closing = await call(admin, "upsertLocation", { locationId: south, name: "South shop", active: false });
    expect(closing.details).to.deep.equal({ reason: "location-has-stock", locationId: south, productId: closing.details?.productId });
    const empty = uniqueId("popup");
    await call(admin, "upsertLocation", { locationId: empty, name: "Pop-up" });
    expect((await call<{ active: boolean }>(admin, "upsertLocation", { locationId: empty, name: "Pop-up", active: false })).value?.active).to.equal(false);
    expect((await call(admin, "restockProduct", { productId, add: 1, locationId: empty })).details).to.deep.equal({ reason: "location-inactive", locationId: empty });
    expect((await call(admin, "transferStock", { productId, from: south, to: empty, quantity: 1, reason: "x", requestId: newRequestId() })).details).to.deep.equal({ reason: "location-inactive", locationId: empty });
    expect((await call(admin, "upsertLocation", { locationId: "default", name: "Main", active: false })).code).to.equal("functions/invalid-argument");
    expect((await call(buyer, "upsertLocation", { locationId: uniqueId("x"), name: "Mine" })).details).to.deep.equal({ reason: "admin-required" });
  });

  it("sells a hot product across two locations to many buyers: nothing oversold anywhere, totals the sum of the locations", async function () {
    const productId = await stocked(7, 8);
    await withBuyers(24, async (buyers) => {
      const orders = await Promise.all(buyers.map((b, index) => attempt(b.placeOrder({ items: [{ productId, quantity: 1 + (index % 2) }], requestId: newRequestId() }))));
      expect(orders.filter((o) => !o.ok && o.details?.reason !== "insufficient-stock").map((o) => o.code)).to.deep.equal([]);
      const sold = orders.filter((o) => o.ok).reduce((sum, o) => sum + (o.value?.items[0]?.quantity ?? 0), 0);
      const { quantity, locations } = await shelves(productId);
      expect(locations[north]!.committed).to.be.at.most(7);
      expect(locations[south]!.committed).to.be.at.most(8);
      expect(locations[north]!.committed + locations[south]!.committed).to.equal(sold);
      expect(quantity).to.equal(15 - sold);
      // Every confirmed order's allocations add up to its lines.
      for (const order of orders.filter((o) => o.ok)) {
        const placed = (await shopDb().collection("orders").doc(order.value!.orderId).get()).get("allocations") as { quantity: number }[];
        expect(placed.reduce((sum, a) => sum + a.quantity, 0)).to.equal(order.value?.items[0]?.quantity);
      }
    });
  });

  it("a stock-take and a transfer racing sales: nothing oversold at any location, every unit accounted for", async function () {
    const productId = await stocked(6, 4);
    await withBuyers(14, async (buyers) => {
      const [orders, counted, moved] = await Promise.all([
        Promise.all(buyers.map((b) => attempt(b.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() })))),
        // Staff count the north shelf while it sells: 6 there, sold units included.
        call(admin, "adjustStock", { productId, quantity: 6, reason: "count during the sale", locationId: north, acceptShortfall: true }),
        call(admin, "transferStock", { productId, from: south, to: "default", quantity: 2, reason: "rebalance during the sale", requestId: newRequestId() }),
      ]);
      expect(orders.filter((o) => !o.ok && o.details?.reason !== "insufficient-stock").map((o) => o.code)).to.deep.equal([]);
      expect(counted.ok, JSON.stringify(counted)).to.equal(true);
      expect(moved.ok || moved.details?.reason === "location-short", JSON.stringify(moved)).to.equal(true);
      const sold = orders.filter((o) => o.ok).length;
      const { quantity, locations } = await shelves(productId);
      const ids = ["default", north, south];
      for (const id of ids) expect(locations[id]!.committed, id).to.be.at.most(locations[id]!.onHand);
      expect(ids.reduce((sum, id) => sum + locations[id]!.committed, 0)).to.equal(sold);
      // North holds what was counted; south's units are at south or moved to default.
      expect(locations[north]!.onHand).to.equal(6);
      expect(locations[south]!.onHand + locations.default!.onHand).to.equal(4);
      expect(quantity).to.equal(10 - sold);
    });
  });

  it("holds split over two locations racing their expiry: each becomes an order or expires, and its units end where they were held", async function () {
    // 3 units at north, 9 at south: holds of 2 take north's first, then split.
    const productId = await stocked(3, 9);
    await withBuyers(3, async (buyers) => {
      const holds = await Promise.all(buyers.map((b) => call<HoldResult>(b, "holdStock", { items: [{ productId, quantity: 2 }], requestId: newRequestId() })));
      expect(holds.map((h) => h.ok), JSON.stringify(holds.find((h) => !h.ok))).to.deep.equal([true, true, true]);
      const ids = holds.map((h) => h.value!.holdId);
      const allocated = await Promise.all(ids.map(async (id) => (await shopDb().collection("holds").doc(id).get()).get("allocations") as { locationId: string; quantity: number }[]));
      expect(new Set(allocated.flat().map((a) => a.locationId))).to.deep.equal(new Set([north, south]));
      // Each hold's expiry lands just before or just after its order arrives, with two sweeps running.
      await Promise.all(ids.map((id, i) => shopDb().collection("holds").doc(id).update({ expiresAt: Timestamp.fromMillis(Date.now() + (i - 1) * 150) })));
      const decide = async (who: Buyer, holdId: string) => {
        const requestId = newRequestId();
        for (let tries = 0; ; tries++) {
          const answer = await attempt(who.placeOrder({ holdId, requestId }));
          if (answer.details?.reason !== "contention" || tries === 5) return answer;
        }
      };
      const [orders] = await Promise.all([Promise.all(ids.map((id, i) => decide(buyers[i]!, id))), call(admin, "sweepHoldsNow", {}), call(admin, "sweepHoldsNow", {})]);
      // What each location should hold now: the converted holds' units committed where they were held.
      const committed: Record<string, number> = { default: 0, [north]: 0, [south]: 0 };
      for (const [i, answer] of orders.entries()) {
        const state = (await shopDb().collection("holds").doc(ids[i]!).get()).data()!;
        if (answer.ok) {
          expect(state.status, `hold ${i}`).to.equal("converted");
          const order = (await shopDb().collection("orders").doc(answer.value!.orderId).get()).data()!;
          expect(order.allocations, `hold ${i}`).to.deep.equal(state.allocations);
          for (const a of allocated[i]!) committed[a.locationId]! += a.quantity;
        } else {
          expect([answer.details?.reason, state.status], `hold ${i}`).to.deep.equal(["hold-expired", "expired"]);
        }
      }
      // Expired or not, the last sweep ends whatever is left.
      await call(admin, "sweepHoldsNow", {});
      const { quantity, locations } = await shelves(productId);
      expect(locations).to.deep.equal({ default: at(0), [north]: at(3, committed[north]), [south]: at(9, committed[south]) });
      expect(quantity).to.equal(12 - committed[north]! - committed[south]!);
    });
  });

  it("an edit keeps each location's stock; reorder points per location mark where stock is low", async function () {
    const productId = await stocked(3, 8);
    const edited = await call(admin, "upsertProduct", { productId, name: "Lamp, renamed", price: 2500, currency: "EUR", locationReorderPoints: { [north]: 3, [south]: 2 } });
    expect(edited.ok, JSON.stringify(edited)).to.equal(true);
    const product = async () => (await shopDb().collection("products").doc(productId).get()).data()!;
    expect(await shelves(productId)).to.deep.equal({ quantity: 11, locations: { default: at(0), [north]: at(3), [south]: at(8) } });
    expect((await product()).lowStockAt).to.deep.equal([north]);
    // North's 3 sell first: south's 8 less 7 falls to 1, below its reorder point of 2.
    const { data: order } = await buyer.placeOrder({ items: [{ productId, quantity: 10 }], requestId: newRequestId() });
    expect(order.status).to.equal("confirmed");
    expect((await product()).lowStockAt).to.deep.equal([north, south]);
    expect((await call(admin, "restockProduct", { productId, add: 5, locationId: north })).ok).to.equal(true);
    expect((await product()).lowStockAt).to.deep.equal([south]);
    // null removes them.
    expect((await call(admin, "upsertProduct", { productId, name: "Lamp, renamed", price: 2500, currency: "EUR", locationReorderPoints: null })).ok).to.equal(true);
    const cleared = await product();
    expect([cleared.lowStockAt, "locationReorderPoints" in cleared]).to.deep.equal([[], false]);
  });

  it("re-derives every touched product's stock, location by location and bucket by bucket, from its ledger", async function () {
    const reports = await checkLedger(shopDb(), touched);
    for (const report of reports) expect(report.problems, report.productId).to.deep.equal([]);
  });
});
