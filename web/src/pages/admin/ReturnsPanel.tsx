// Returns: find the order the buyer quotes (its reference), then take back what shipped and
// has not come back yet: restocked for sale, or written off when it can't be sold again.
// One requestId per return on screen, kept until it is recorded, so a retry never counts twice.
import { findOrder, newRequestId, returnableLines, type LiveOrder } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { Services } from "../../firebase";
import { Panel, Said, useAction } from "./panel";

export function ReturnsPanel({ services }: { services: Services }) {
  const [feedback, busy, run] = useAction();
  const [wanted, setWanted] = useState("");
  const [order, setOrder] = useState<LiveOrder | undefined>();
  const [units, setUnits] = useState<Record<string, string>>({});
  const [restock, setRestock] = useState(true);
  const [requestId, setRequestId] = useState(newRequestId);
  const returnable = order ? returnableLines(order).filter((line) => line.quantity > 0) : [];
  return (
    <Panel id="returns-title" title="Returns">
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const found = await findOrder(services.db, wanted);
            setOrder(found);
            setUnits({});
            return found ? `Order ${found.reference ?? found.id}: ${returnableLines(found).reduce((sum, line) => sum + line.quantity, 0)} unit(s) can come back.` : `No order "${wanted}".`;
          });
        }}
      >
        <input aria-label="Order reference or id" placeholder="Order reference" required value={wanted} onInput={(e) => setWanted(e.currentTarget.value)} />
        <button type="submit" class="secondary" disabled={busy}>
          Find order
        </button>
      </form>
      <Said feedback={feedback} />
      {order && returnable.length ? (
        <form
          class="grid"
          onSubmit={(event) => {
            event.preventDefault();
            const lines = returnable.map((line) => ({ productId: line.productId, quantity: Number(units[line.productId] || 0) })).filter((line) => line.quantity > 0);
            void run(async () => {
              const done = await services.shop.returnItems({ orderId: order.id, requestId, lines, restock });
              setRequestId(newRequestId());
              setOrder(await findOrder(services.db, order.id));
              return `Returned ${done.lines.map((line) => `${line.quantity} x ${line.name}`).join(", ")}: ${restock ? "back in stock" : "written off"}.`;
            });
          }}
        >
          {returnable.map((line) => {
            const name = order.items.find((item) => item.productId === line.productId)?.name ?? line.productId;
            return (
              <label key={line.productId}>
                {name} (up to {line.quantity})
                <input type="number" min={0} max={line.quantity} value={units[line.productId] ?? ""} onInput={(e) => setUnits({ ...units, [line.productId]: e.currentTarget.value })} aria-label={`Units of ${name} returned`} />
              </label>
            );
          })}
          <label class="inline-label">
            <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.currentTarget.checked)} /> Back in stock (untick for damaged: written off)
          </label>
          <div class="actions">
            <button type="submit" disabled={busy}>
              Record return
            </button>
          </div>
        </form>
      ) : null}
    </Panel>
  );
}
