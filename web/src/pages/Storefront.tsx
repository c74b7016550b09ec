import { isRetryable, localeSchema, newRequestId, ShopError, type LiveProduct, type PlacedOrder } from "@firebase-inventory/client";
import { useEffect, useMemo, useState } from "preact/hooks";
import { CatalogControls, useCatalog } from "../catalog";
import type { Services } from "../firebase";
import { money } from "../format";
import { describe } from "../messages";
import { retryNotices } from "../retryNotices";
import { addressFromDraft, EMPTY_ADDRESS, ShippingAddressForm, type AddressDraft } from "./ShippingAddressForm";
import { SignIn } from "./SignIn";

type Cart = Record<string, number>;
type Outcome = { kind: "placed"; order: PlacedOrder } | { kind: "refused"; message: string };

const cartKey = (cart: Cart) => JSON.stringify(Object.entries(cart).sort());
// One page of the catalog: enough to fill a screen, never the whole collection.
export const STOREFRONT_PAGE_SIZE = 48;

// Emails come in the browser's language when the shop has templates for it.
const browserLocale = localeSchema.safeParse(navigator.language);

export function Storefront({ services, signedIn }: { services: Services; signedIn: boolean }) {
  const catalog = useCatalog(services.db, STOREFRONT_PAGE_SIZE);
  const { products, error } = catalog;
  // Products seen on any page, so the cart names and prices lines from other pages.
  const [seen, setSeen] = useState<Map<string, LiveProduct>>(new Map());
  useEffect(() => {
    if (products?.length) setSeen((previous) => new Map([...previous, ...products.map((product): [string, LiveProduct] => [product.id, product])]));
  }, [products]);
  const [cart, setCart] = useState<Cart>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [address, setAddress] = useState<AddressDraft>(EMPTY_ADDRESS);
  // When an order's outcome is unknown (the network gave out even after retries), the same
  // cart is re-sent with the same requestId, so it can never be ordered twice.
  const [unsure, setUnsure] = useState<{ key: string; requestId: string } | undefined>();
  const byId = useMemo(() => new Map([...seen, ...(products ?? []).map((p): [string, LiveProduct] => [p.id, p])]), [seen, products]);
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  const lines = Object.entries(cart);
  const currency = lines.length ? byId.get(lines[0]?.[0] ?? "")?.currency ?? "EUR" : "EUR";
  const total = lines.reduce((sum, [id, qty]) => sum + (byId.get(id)?.price ?? 0) * qty, 0);

  function setLine(productId: string, quantity: number) {
    setOutcome(undefined);
    setCart((previous) => {
      const next = { ...previous };
      if (quantity > 0) next[productId] = quantity;
      else delete next[productId];
      return next;
    });
  }

  async function placeOrder() {
    setOutcome(undefined);
    const shipping = addressFromDraft(address);
    if ("problems" in shipping) {
      setOutcome({ kind: "refused", message: shipping.problems });
      return;
    }
    setBusy(true);
    const key = cartKey(cart);
    const requestId = unsure?.key === key ? unsure.requestId : newRequestId();
    try {
      const order = await services.shop.placeOrder(
        lines.map(([productId, quantity]) => ({ productId, quantity })),
        { requestId, ...(browserLocale.success ? { locale: browserLocale.data } : {}), ...(shipping.address ? { shippingAddress: shipping.address } : {}) },
      );
      setOutcome({ kind: "placed", order });
      setCart({});
      setUnsure(undefined);
    } catch (e) {
      const shopError = e instanceof ShopError ? e : new ShopError("unknown", String(e));
      // Retries ran out without an answer (the client's own test): the outcome is unknown.
      setUnsure(isRetryable(shopError) ? { key, requestId } : undefined);
      setOutcome({ kind: "refused", message: describe(shopError, nameOf) });
    } finally {
      retryNotices.clear();
      setBusy(false);
    }
  }

  return (
    <div class="shop">
      <section aria-labelledby="catalog-title" class="catalog">
        <h1 id="catalog-title">Catalog</h1>
        <CatalogControls catalog={catalog} label="Search products" />
        {error ? <p class="error">The catalog could not be loaded: {error.message}</p> : null}
        {!products ? <p>Loading the catalog...</p> : products.length === 0 ? <p>{catalog.search ? "No product name starts with that." : "No products yet."}</p> : null}
        <ul class="products">
          {(products ?? []).map((product) => (
            <ProductCard key={product.id} product={product} inCart={cart[product.id] ?? 0} onAdd={(qty) => setLine(product.id, (cart[product.id] ?? 0) + qty)} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="cart-title" class="cart panel">
        <h2 id="cart-title">Your cart</h2>
        {lines.length === 0 ? <p>Your cart is empty.</p> : null}
        <ul class="lines">
          {lines.map(([productId, quantity]) => (
            <li key={productId}>
              <label>
                <span>{nameOf(productId)}</span>
                <input type="number" min={0} max={1000} value={quantity} aria-label={`Quantity of ${nameOf(productId)} in cart`} onChange={(e) => setLine(productId, Number(e.currentTarget.value))} />
              </label>
              <button type="button" class="link" onClick={() => setLine(productId, 0)} aria-label={`Remove ${nameOf(productId)}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        {lines.length ? <p class="total">Total: {money(total, currency)}</p> : null}
        {lines.length && signedIn ? <ShippingAddressForm value={address} onChange={setAddress} /> : null}
        {outcome?.kind === "refused" ? (
          <p class="error" role="alert">
            {outcome.message}
          </p>
        ) : null}
        {outcome?.kind === "placed" ? (
          <div class="success" role="status">
            <h3>Order confirmed</h3>
            <p>
              Reference: <strong data-testid="order-reference">{outcome.order.reference}</strong>
              <br />
              Order id: <code data-testid="order-id">{outcome.order.orderId}</code>
            </p>
            <p>
              {outcome.order.items.map((item) => `${item.quantity} x ${item.name}`).join(", ")}: {money(outcome.order.total, outcome.order.currency)}
            </p>
            <p>
              A confirmation email is on its way. See <a href="#/orders">My orders</a>.
            </p>
          </div>
        ) : null}
        {signedIn ? (
          <button type="button" disabled={busy || lines.length === 0} onClick={() => void placeOrder()}>
            {busy ? "Placing order..." : "Place order"}
          </button>
        ) : lines.length ? (
          <SignIn services={services} why="Sign in to place your order." />
        ) : null}
      </section>
    </div>
  );
}

function ProductCard({ product, inCart, onAdd }: { product: LiveProduct; inCart: number; onAdd: (quantity: number) => void }) {
  const [quantity, setQuantity] = useState(1);
  const soldOut = product.quantity === 0;
  const titleId = `product-${product.id}`;
  return (
    <li class={`product${soldOut ? " sold-out" : ""}`} aria-labelledby={titleId} data-product-id={product.id}>
      <h3 id={titleId}>{product.name}</h3>
      <p class="price">{money(product.price, product.currency)}</p>
      <p class="stock" data-testid={`stock-${product.id}`}>
        {soldOut ? "Out of stock" : `${product.quantity} in stock`}
      </p>
      {product.maxPerCustomer ? <p class="limit">Limit {product.maxPerCustomer} per customer</p> : null}
      {inCart ? <p class="in-cart">{inCart} in cart</p> : null}
      <form
        class="add"
        onSubmit={(event) => {
          event.preventDefault();
          onAdd(quantity);
        }}
      >
        <label>
          Quantity
          <input type="number" min={1} max={1000} required value={quantity} aria-label={`Quantity of ${product.name}`} onInput={(e) => setQuantity(Number(e.currentTarget.value))} disabled={soldOut} />
        </label>
        {/* The visible text starts the accessible name (WCAG 2.5.3, label in name). */}
        <button type="submit" disabled={soldOut} aria-label={`Add to cart: ${product.name}`}>
          Add to cart
        </button>
      </form>
    </li>
  );
}
