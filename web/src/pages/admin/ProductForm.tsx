// Create a product, or edit one picked in the stock table: the form starts from its current
// values. Saving never changes stock (the backend refuses a quantity for an existing product):
// stock changes by restock or stock-take, each with a reason.
import type { LiveLocation, LiveProduct } from "@firebase-inventory/client";
import { useEffect, useState } from "preact/hooks";
import type { Services } from "../../firebase";
import { fractionDigits, toMinor } from "../../format";
import { Panel, Said, useAction } from "./panel";

type Fields = { productId: string; name: string; price: string; currency: string; quantity: string; maxPerCustomer: string; safetyStock: string; reorderPoint: string };

const EMPTY: Fields = { productId: "", name: "", price: "", currency: "EUR", quantity: "0", maxPerCustomer: "", safetyStock: "", reorderPoint: "" };

// An optional whole number as upsertProduct takes it: a value, null to remove one the product
// has, or nothing to leave it.
function optionalNumber(text: string, had: number | undefined): { value?: number | null } {
  const trimmed = text.trim();
  if (trimmed) return { value: Number(trimmed) };
  return had !== undefined ? { value: null } : {};
}

function fieldsOf(product: LiveProduct): Fields {
  return {
    productId: product.id,
    name: product.name,
    price: (product.price / 10 ** fractionDigits(product.currency)).toFixed(fractionDigits(product.currency)),
    currency: product.currency,
    quantity: "",
    maxPerCustomer: product.maxPerCustomer ? String(product.maxPerCustomer) : "",
    safetyStock: product.safetyStock !== undefined ? String(product.safetyStock) : "",
    reorderPoint: product.reorderPoint !== undefined ? String(product.reorderPoint) : "",
  };
}

// Each location's own reorder point, as typed (empty: none).
type LocationPoints = Record<string, string>;

function pointsOf(product: LiveProduct | undefined): LocationPoints {
  return Object.fromEntries(Object.entries(product?.locationReorderPoints ?? {}).map(([id, point]) => [id, String(point)]));
}

export function ProductForm({ services, editing, locations = [], onDone }: { services: Services; editing: LiveProduct | undefined; locations?: LiveLocation[]; onDone: () => void }) {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [points, setPoints] = useState<LocationPoints>({});
  useEffect(() => setPoints(pointsOf(editing)), [editing?.id]);
  const [feedback, busy, run] = useAction();
  useEffect(() => setFields(editing ? fieldsOf(editing) : EMPTY), [editing?.id]);
  const set = (name: keyof Fields) => (e: { currentTarget: HTMLInputElement }) => setFields({ ...fields, [name]: e.currentTarget.value });
  const limit = fields.maxPerCustomer.trim();
  return (
    <Panel id="product-title" title={editing ? `Edit ${editing.name}` : "New product"}>
      {editing ? (
        <p class="hint">
          Saving changes the details only; the stock ({editing.quantity} available, {editing.held ?? 0} on hold) stays as it is (a new safety stock changes what
          is available). Change stock with Restock or Stock-take in the table above.
        </p>
      ) : null}
      <form
        class="grid"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const currency = fields.currency.trim().toUpperCase();
            const safety = optionalNumber(fields.safetyStock, editing?.safetyStock);
            const reorder = optionalNumber(fields.reorderPoint, editing?.reorderPoint);
            const typed = Object.entries(points).filter(([, text]) => text.trim() !== "");
            const hadPoints = editing?.locationReorderPoints !== undefined;
            const result = await services.shop.admin.upsertProduct({
              productId: fields.productId.trim(),
              name: fields.name.trim(),
              price: toMinor(Number(fields.price), currency),
              currency,
              // Opening stock of a new product only.
              ...(editing ? {} : { quantity: Number(fields.quantity) }),
              // Empty: no limit (an existing limit is removed).
              ...(limit ? { maxPerCustomer: Number(limit) } : editing?.maxPerCustomer ? { maxPerCustomer: null } : {}),
              ...("value" in safety ? { safetyStock: safety.value } : {}),
              ...("value" in reorder ? { reorderPoint: reorder.value } : {}),
              ...(typed.length
                ? { locationReorderPoints: Object.fromEntries(typed.map(([id, text]) => [id, Number(text)])) }
                : hadPoints
                  ? { locationReorderPoints: null }
                  : {}),
            });
            onDone();
            return `${result.created ? "Created" : "Saved"} ${result.productId} (stock ${result.quantity}).`;
          });
        }}
      >
        <label>
          Product id
          <input type="text" name="productId" required pattern="[A-Za-z0-9_-]+" title="letters, digits, '_' and '-'" value={fields.productId} onInput={set("productId")} readOnly={editing !== undefined} />
        </label>
        <label>
          Name
          <input type="text" name="name" required value={fields.name} onInput={set("name")} />
        </label>
        <label>
          Price
          <input type="number" name="price" required min={0} step="0.01" value={fields.price} onInput={set("price")} />
        </label>
        <label>
          Currency
          <input type="text" name="currency" required maxLength={3} value={fields.currency} onInput={set("currency")} />
        </label>
        {editing ? null : (
          <label>
            Opening stock
            <input type="number" name="quantity" min={0} required value={fields.quantity} onInput={set("quantity")} />
          </label>
        )}
        <label>
          Limit per customer (empty: none)
          <input type="number" name="maxPerCustomer" min={1} value={fields.maxPerCustomer} onInput={set("maxPerCustomer")} />
        </label>
        <label>
          Safety stock, kept back from sale (empty: none)
          <input type="number" name="safetyStock" min={0} value={fields.safetyStock} onInput={set("safetyStock")} />
        </label>
        <label>
          Reorder point: low stock at or below (empty: none)
          <input type="number" name="reorderPoint" min={0} value={fields.reorderPoint} onInput={set("reorderPoint")} />
        </label>
        {locations.length > 1
          ? locations.map((location) => (
              <label key={location.id}>
                Reorder point at {location.name} (empty: none)
                <input type="number" min={0} value={points[location.id] ?? ""} onInput={(e) => setPoints({ ...points, [location.id]: e.currentTarget.value })} />
              </label>
            ))
          : null}
        <div class="actions">
          <button type="submit" disabled={busy}>
            {editing ? "Save changes" : "Create product"}
          </button>
          {editing ? (
            <button type="button" class="secondary" onClick={onDone}>
              New product instead
            </button>
          ) : null}
        </div>
      </form>
      <Said feedback={feedback} />
    </Panel>
  );
}
