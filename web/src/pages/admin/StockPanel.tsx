// Live stock: what is left to sell and what is on hold, side by side, with a restock and a
// stock-take per product, and the way into editing a product's details.
import type { LiveProduct } from "@firebase-inventory/client";
import type { ComponentChildren } from "preact";
import type { Services } from "../../firebase";
import { money } from "../../format";
import { NumberAction, Panel, Said, Table, useAction } from "./panel";

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
        <strong>Stock-take:</strong> count every unit on the shelf that is not sold yet. Units on hold for a checkout are still on the shelf: count them too (the
        backend keeps them held). Units of confirmed orders waiting to ship are sold: don't count them.
      </p>
      <Said feedback={feedback} />
      {controls}
      <Table columns={["Product", "Price", "Available", "On hold", "Restock", "Stock-take", { hidden: "Edit" }]}>
        {(products ?? []).map((product) => (
          <tr key={product.id} data-product-id={product.id}>
            <th scope="row">
              {product.name}
              <br />
              <code class="muted">{product.id}</code>
            </th>
            <td>{money(product.price, product.currency)}</td>
            <td data-testid={`admin-stock-${product.id}`}>{product.quantity}</td>
            <td data-testid={`admin-held-${product.id}`}>{product.held ?? 0}</td>
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
              <NumberAction
                label={`Units of ${product.name} counted on the shelf, ${product.held ?? 0} on hold included`}
                button="Record count"
                describedBy="stock-take-hint"
                min={product.held ?? 0}
                busy={busy}
                onSubmit={(quantity) =>
                  run(async () => {
                    const take = await services.shop.admin.adjustStock({ productId: product.id, quantity, reason: "Stock-take in the admin console" });
                    return `${product.name}: counted ${take.counted} (${take.held} on hold): ${take.quantity} available, was ${take.quantityBefore}.`;
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
        ))}
      </Table>
    </Panel>
  );
}
