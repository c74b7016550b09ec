// What a simulation does, decided up front from a seed so a run can be repeated exactly:
// the catalog, and every request each buyer sends, in order.
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from "pure-rand";
import { z } from "zod";
import { MAX_LINES, MAX_QUANTITY_PER_LINE } from "../../functions/src/orders/placeOrderSchema";
import type { Job } from "../load/loadRunner";

export const simulationOptionsSchema = z.strictObject({
  users: z.number().int().min(1).max(2000),
  products: z.number().int().min(1).max(100),
  stock: z.number().int().min(0).max(100_000),
  concurrency: z.number().int().min(1).max(500),
  // Orders per run; by default two per user.
  orders: z.number().int().min(1).max(20_000).optional(),
  // Most orders go to the first product, as in a flash sale.
  hot: z.boolean(),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  // Ramp the function workers up first (with separate warm-up buyers), so latencies show
  // the shop, not the emulator starting dozens of worker processes at once.
  warm: z.boolean(),
});
export type SimulationOptions = z.infer<typeof simulationOptionsSchema>;

export type JobKind = "single" | "multi" | "over-stock" | "replay" | "invalid" | "hold-pay" | "hold-abandon";
export const JOB_KINDS: JobKind[] = ["single", "multi", "over-stock", "replay", "invalid", "hold-pay", "hold-abandon"];

export interface PlannedProduct {
  id: string;
  name: string;
  price: number;
  stock: number;
}

export interface SimulationJob extends Job {
  kind: JobKind;
  buyer: number;
  // For invalid requests: what is wrong with it.
  flaw?: string;
}

export interface SimulationPlan {
  products: PlannedProduct[];
  jobs: SimulationJob[];
}

const NAMES = ["Mug", "Lamp", "Notebook", "Backpack", "Headphones", "Kettle", "Plant", "Poster", "Sneakers", "Scarf"];

class Dice {
  private readonly rng: RandomGenerator;
  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }
  int(from: number, to: number): number {
    return unsafeUniformIntDistribution(from, to, this.rng);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }
  percent(): number {
    return this.int(0, 99);
  }
}

// Requests the callable must refuse with invalid-argument. Each keeps a well-formed
// requestId where it has one, so the check can prove no order was written under it.
const FLAWS: { flaw: string; payload: (productId: string, requestId: string) => unknown }[] = [
  { flaw: "zero quantity", payload: (productId, requestId) => ({ items: [{ productId, quantity: 0 }], requestId }) },
  { flaw: "negative quantity", payload: (productId, requestId) => ({ items: [{ productId, quantity: -3 }], requestId }) },
  { flaw: "fractional quantity", payload: (productId, requestId) => ({ items: [{ productId, quantity: 1.5 }], requestId }) },
  { flaw: "quantity as text", payload: (productId, requestId) => ({ items: [{ productId, quantity: "2" }], requestId }) },
  { flaw: "unknown field", payload: (productId, requestId) => ({ items: [{ productId, quantity: 1 }], requestId, coupon: "FREE" }) },
  { flaw: "productId with a slash", payload: (productId, requestId) => ({ items: [{ productId: `${productId}/x`, quantity: 1 }], requestId }) },
  {
    flaw: "duplicate lines",
    payload: (productId, requestId) => ({ items: [{ productId, quantity: 1 }, { productId, quantity: 1 }], requestId }),
  },
  {
    flaw: "too many lines",
    payload: (productId, requestId) => ({
      items: Array.from({ length: MAX_LINES + 1 }, (_, i) => ({ productId: `${productId}-${i}`, quantity: 1 })),
      requestId,
    }),
  },
  { flaw: "missing requestId", payload: (productId) => ({ items: [{ productId, quantity: 1 }] }) },
];

export function planSimulation(options: SimulationOptions, runTag: string): SimulationPlan {
  const dice = new Dice(options.seed);
  const products: PlannedProduct[] = Array.from({ length: options.products }, (_, i) => ({
    id: `sim-${runTag}-p${i + 1}`,
    name: `${NAMES[i % NAMES.length] ?? "Item"} ${i + 1}`,
    price: dice.int(5, 200) * 100 - 1,
    stock: options.stock,
  }));
  const productFor = (): PlannedProduct =>
    options.hot && dice.percent() < 80 ? (products[0] as PlannedProduct) : dice.pick(products);

  const count = options.orders ?? options.users * 2;
  const jobs: SimulationJob[] = [];
  for (let i = 0; i < count; i += 1) {
    // Every user places a real order first; after that buyers and kinds are random.
    const first = i < options.users;
    const buyer = first ? i : dice.int(0, options.users - 1);
    const requestId = `sim-${runTag}-${i}-${dice.int(0, 0x7fffffff).toString(36)}`;
    const roll = first ? dice.int(22, 99) : dice.percent();
    const earlier = jobs.filter((job) => job.kind !== "invalid" && job.kind !== "replay");
    if (roll < 12 && earlier.length > 0) {
      // A phone retrying on a flaky network: same buyer, same request, sent again.
      const original = dice.pick(earlier);
      jobs.push({ ...original, kind: "replay" });
    } else if (roll < 22) {
      const { flaw, payload } = dice.pick(FLAWS);
      jobs.push({ kind: "invalid", flaw, buyer, requestId, items: [], payload: payload(productFor().id, requestId) });
    } else if (roll < 30) {
      const product = productFor();
      const quantity = Math.min(product.stock + dice.int(1, 5), MAX_QUANTITY_PER_LINE);
      jobs.push({ kind: quantity > product.stock ? "over-stock" : "single", buyer, requestId, items: [{ productId: product.id, quantity }] });
    } else if (roll >= 88) {
      // Checkout with a hold: most pay, some walk away and their hold expires. (No releases
      // during the run: stock only goes down, which the replay and refusal checks rely on.)
      const hold = dice.percent() < 65 ? "pay" : "abandon";
      jobs.push({ kind: `hold-${hold}`, hold, buyer, requestId, items: [{ productId: productFor().id, quantity: dice.int(1, 2) }] });
    } else if (roll < 50 && products.length > 1) {
      const lines = new Map<string, number>();
      const want = dice.int(2, Math.min(3, products.length));
      while (lines.size < want) lines.set(productFor().id, dice.int(1, 2));
      jobs.push({ kind: "multi", buyer, requestId, items: [...lines].map(([productId, quantity]) => ({ productId, quantity })) });
    } else {
      jobs.push({ kind: "single", buyer, requestId, items: [{ productId: productFor().id, quantity: dice.int(1, 3) }] });
    }
  }
  return { products, jobs };
}
