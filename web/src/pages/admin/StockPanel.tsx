// Live stock in its buckets at a location: what is left to sell (all locations), what is on
// the shelf there, what of it is committed to orders not shipped yet and what is on hold, side
// by side, with a restock, a stock-take (which shows what is committed and held before anyone
// counts) and a transfer per product, and the way into editing a product's details.
import { DEFAULT_LOCATION, stockOf, type LiveLocation, type LiveProduct } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import type { Services } from "../../firebase";
import { money } from "../../format";
import { LocationPicker, NumberAction, Panel, Said, Table, useAction } from "./panel";

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

// Moves units this location has not promised to another location.
function Transfer({ product, from, locations, busy, onMove }: { product: LiveProduct; from: string; locations: LiveLocation[]; busy: boolean; onMove: (to: string, quantity: number) => Promise<void> }) {
  const targets = locations.filter((location) => location.active && location.id !== from);
  const [to, setTo] = useState(targets[0]?.id ?? "");
  if (targets.length === 0) return null;
  return (
    <div>
      <select aria-label={`Transfer ${product.name} to`} value={to} onChange={(e) => setTo(e.currentTarget.value)}>
        {targets.map((location) => (
          <option key={location.id} value={location.id}>
            to {location.name}
          </option>
        ))}
      </select>
      <NumberAction label={`Units of ${product.name} to transfer`} button="Transfer" min={1} busy={busy} onSubmit={(quantity) => onMove(to || (targets[0]?.id ?? ""), quantity)} />
    </div>
  );
}

export function StockPanel({
  services,
  controls,
  products,
  locations,
  error,
  onEdit,
}: {
  services: Services;
  // Search, filters and paging (the console shows one page of the catalog).
  controls: ComponentChildren;
  products: LiveProduct[] | undefined;
  locations: LiveLocation[] | undefined;
  error?: Error;
  onEdit: (product: LiveProduct) => void;
}) {
  const [feedback, busy, run] = useAction();
  // The location the buckets, restocks and counts are about.
  const [locationId, setLocationId] = useState(DEFAULT_LOCATION);
  // Every location, the default one included (the console adds it when it has no document).
  const choices = locations ?? [];
  const here = choices.find((location) => location.id === locationId)?.name ?? locationId;
  // Results name the location when it is not the default one.
  const atLocation = locationId === DEFAULT_LOCATION ? "" : ` at ${here}`;
  return (
    <Panel id="stock-title" title="Stock">
      {error ? <p class="error">{error.message}</p> : null}
      <p class="hint" id="stock-take-hint">
        <strong>Stock-take:</strong> count every unit on the shelf. Units of orders not shipped yet (committed) and units on hold for a checkout are still on the
        shelf: count them too. What is left to sell is the count less those.
      </p>
      <Said feedback={feedback} />
      {controls}
      {choices.length > 1 ? <LocationPicker label="Location" ariaLabel="Stock at location" locations={choices} value={locationId} onChange={setLocationId} /> : null}
      <Table columns={["Product", "Price", "Available", "On hand", "Committed", "On hold", "Restock", "Stock-take", ...(choices.length > 1 ? ["Transfer"] : []), { hidden: "Edit" }]}>
        {(products ?? []).map((product) => {
          const buckets = stockOf(product)[locationId] ?? { onHand: 0, committed: 0, held: 0 };
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
                  label={`Units to add to ${product.name}${atLocation}`}
                  button="Restock"
                  min={1}
                  busy={busy}
                  onSubmit={(add) =>
                    run(async () => {
                      const change = await services.shop.admin.restockProduct({ productId: product.id, add, reason: "Restocked in the admin console", locationId });
                      return `${product.name}${atLocation}: ${change.quantityBefore} -> ${change.quantity}.`;
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
                      const take = await services.shop.admin.adjustStock({ productId: product.id, quantity, reason: "Stock-take in the admin console", locationId, ...(acceptShortfall ? { acceptShortfall } : {}) });
                      return `${product.name}: counted ${take.counted}${atLocation} (${buckets.committed} committed, ${buckets.held} on hold): ${take.quantity} available, was ${take.quantityBefore}.`;
                    })
                  }
                />
              </td>
              {choices.length > 1 ? (
                <td>
                  <Transfer
                    product={product}
                    from={locationId}
                    locations={choices}
                    busy={busy}
                    onMove={(to, quantity) =>
                      run(async () => {
                        await services.shop.admin.transferStock({ productId: product.id, from: locationId, to, quantity, reason: "Transfer in the admin console" });
                        return `${product.name}: moved ${quantity} from ${here} to ${choices.find((location) => location.id === to)?.name ?? to}.`;
                      })
                    }
                  />
                </td>
              ) : null}
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
