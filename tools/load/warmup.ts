// Load-run building blocks shared by bench and simulate: simple one-unit jobs, bulk
// product seeding, letting earlier emails drain, and warming the function workers.
import { newRequestId, type Buyer } from "../testkit/buyers";
import { seedProduct, uniqueId } from "../testkit/emulator";
import { callableWorker, runJobs, type Job, type Worker } from "./loadRunner";
import { waitForConfirmations } from "./stack";

export const callableWorkers = (buyers: Buyer[], n: number): Worker[] => buyers.slice(0, n).map(callableWorker);

export function jobsFor(count: number, productIds: string[]): Job[] {
  return Array.from({ length: count }, (_, i) => ({
    items: [{ productId: productIds[i % productIds.length] as string, quantity: 1 }],
    requestId: newRequestId(),
  }));
}

export async function seedProducts(prefix: string, count: number, quantity: number): Promise<Map<string, number>> {
  const stock = new Map<string, number>();
  const ids = Array.from({ length: count }, () => uniqueId(prefix));
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(ids.slice(i, i + 50).map((id) => seedProduct(id, { quantity, price: 1000 })));
  }
  for (const id of ids) stock.set(id, quantity);
  return stock;
}

// Lets the confirmation emails of earlier orders go out first: on one small machine they
// compete for the same CPU as the run being measured.
export async function settle(): Promise<void> {
  const left = await waitForConfirmations();
  if (left > 0) console.log(`  (${left} confirmation emails still unsent; measuring anyway)`);
}

// The Functions emulator starts one worker process per concurrent request; starting dozens
// at once on a small machine takes a minute and makes latencies measure that. Ramp up.
export async function warmWorkers(buyers: Buyer[], n: number, progress: boolean): Promise<void> {
  const stock = await seedProducts("warm", 8, n * 10);
  for (let level = Math.min(8, n); ; level = Math.min(n, level * 2)) {
    await runJobs(jobsFor(level * 2, [...stock.keys()]), callableWorkers(buyers, level), { label: `warm-up c=${level}`, progress });
    if (level === n) break;
  }
  // Once more at full width after the email workers have started too.
  await settle();
  await runJobs(jobsFor(n * 4, [...stock.keys()]), callableWorkers(buyers, n), { label: `warm-up c=${n}`, progress });
  await settle();
}
