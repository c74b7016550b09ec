// Live stock in its buckets: what is left to sell, what is on the shelf, what of it is
// committed to orders not shipped yet and what is on hold, side by side, with a restock and a
// stock-take per product (which shows what is committed and held before anyone counts), and
// the way into editing a product's details.
import { bucketsOf, type LiveProduct } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import type { Services } from "../../firebase";
import { money } from "../../format";
import { NumberAction, Panel, Said, Table, useAction } from "./panel";

// A count, and (only when it is below what is promised) the say-so that the units really are missing.
function StockTake({ product, promised, busy, onCount }: { product: LiveProduct; promised: number; busy: boolean; onCount: (quantity: number, acceptShortfall: boolean) => Promise<void> }) {
  const [shortfall, setShortfall] = useState(false);
  return (
    <div>
      <NumberAction
        label={`Units of ${product.name} counted on the shelf, ${promised} committed or on hold included`}
        button="Record count"
        describedBy="stock-take-hint"
        min={0}
        busy={busy}
        onSubmit={(quantity) => onCount(quantity, shortfall).then(() => setShortfall(false))}
      />
      {promised > 0 ? (
        <label class="inline-label">
          <input type="checkbox" checked={shortfall} onChange={(e) => setShortfall(e.currentTarget.checked)} /> fewer than {promised} really there
        </label>
      ) : null}
    </div>
  );
}

export function StockPanel({
  services,
  controls,
  products,
  error,
  onEdit,
}: {
  services: Services;
  // Search and paging (the console shows one page of the catalog).
  controls: ComponentChildren;
  products: LiveProduct[] | undefined;
  error?: Error;
  onEdit: (product: LiveProduct) => void;
}) {
  const [feedback, busy, run] = useAction();
  return (
    <Panel id="stock-title" title="Stock">
      {error ? <p class="error">{error.message}</p> : null}
      <p class="hint" id="stock-take-hint">
        <strong>Stock-take:</strong> count every unit on the shelf. Units of orders not shipped yet (committed) and units on hold for a checkout are still on the
        shelf: count them too. What is left to sell is the count less those.
      </p>
      <Said feedback={feedback} />
      {controls}
      <Table columns={["Product", "Price", "Available", "On hand", "Committed", "On hold", "Restock", "Stock-take", { hidden: "Edit" }]}>
        {(products ?? []).map((product) => {
          const buckets = bucketsOf(product);
          return (
          <tr key={product.id} data-product-id={product.id}>
            <th scope="row">
              {product.name}
              <br />
              <code class="muted">{product.id}</code>
            </th>
            <td>{money(product.price, product.currency)}</td>
            <td data-testid={`admin-stock-${product.id}`}>{product.quantity}</td>
            <td data-testid={`admin-onhand-${product.id}`}>{buckets.onHand}</td>
            <td data-testid={`admin-committed-${product.id}`}>{buckets.committed}</td>
            <td data-testid={`admin-held-${product.id}`}>{buckets.held}</td>
            <td>
              <NumberAction
                label={`Units to add to ${product.name}`}
                button="Restock"
                min={1}
                busy={busy}
                onSubmit={(add) =>
                  run(async () => {
                    const change = await services.shop.admin.restockProduct({ productId: product.id, add, reason: "Restocked in the admin console" });
                    return `${product.name}: ${change.quantityBefore} -> ${change.quantity}.`;
                  })
                }
              />
            </td>
            <td>
              <StockTake
                product={product}
                promised={buckets.committed + buckets.held}
                busy={busy}
                onCount={(quantity, acceptShortfall) =>
                  run(async () => {
                    const take = await services.shop.admin.adjustStock({ productId: product.id, quantity, reason: "Stock-take in the admin console", ...(acceptShortfall ? { acceptShortfall } : {}) });
                    return `${product.name}: counted ${take.counted} (${take.committed} committed, ${take.held} on hold): ${take.quantity} available, was ${take.quantityBefore}.`;
                  })
                }
              />
            </td>
            <td>
              <button type="button" class="secondary" aria-label={`Edit ${product.name}`} onClick={() => onEdit(product)}>
                Edit
              </button>
            </td>
          </tr>
          );
        })}
      </Table>
    </Panel>
  );
}
