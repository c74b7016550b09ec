import { ShopError, type EmailPreview, watchProducts, watchRecentOrders, watchUnsentConfirmations, type LedgerReport, type LiveOrder, type LiveProduct } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { Services } from "../firebase";
import { money, toMinor, when } from "../format";
import { useLive } from "../hooks";
import { describe } from "../messages";
import { EMAIL_STATUS } from "./MyOrders";

// A send that has not finished after this long is stuck (the email lease is 2 minutes).
const STUCK_AFTER_MS = 3 * 60_000;

type Feedback = { ok: boolean; text: string } | undefined;

// Runs an admin action and reports its result or refusal in one place per section.
function useAction(): [Feedback, boolean, (work: () => Promise<string>) => Promise<void>] {
  const [feedback, setFeedback] = useState<Feedback>();
  const [busy, setBusy] = useState(false);
  async function run(work: () => Promise<string>) {
    setBusy(true);
    setFeedback(undefined);
    try {
      setFeedback({ ok: true, text: await work() });
    } catch (e) {
      setFeedback({ ok: false, text: e instanceof ShopError ? describe(e) : String(e) });
    } finally {
      setBusy(false);
    }
  }
  return [feedback, busy, run];
}

function Said({ feedback }: { feedback: Feedback }) {
  if (!feedback) return null;
  return feedback.ok ? (
    <p class="ok" role="status">
      {feedback.text}
    </p>
  ) : (
    <p class="error" role="alert">
      {feedback.text}
    </p>
  );
}

export function Admin({ services, admin }: { services: Services; admin: boolean }) {
  if (!admin) {
    return (
      <section class="panel narrow" aria-labelledby="admin-title">
        <h1 id="admin-title">Admin console</h1>
        <p class="error" role="alert">
          Not authorized: this console is for shop admins. Ask an admin to grant your account access (<code>npm run admin -- grant-admin &lt;email&gt;</code>).
        </p>
      </section>
    );
  }
  return (
    <div class="admin">
      <h1>Admin console</h1>
      <StockTable services={services} />
      <NewProduct services={services} />
      <RecentOrders services={services} />
      <UnsentConfirmations services={services} />
      <Ledger services={services} />
      <EmailPreviewPanel services={services} />
    </div>
  );
}

function StockTable({ services }: { services: Services }) {
  const { items: products, error } = useLive<LiveProduct>((onChange, onError) => watchProducts(services.db, { onChange, onError }), [services.db]);
  const [feedback, busy, run] = useAction();
  return (
    <section class="panel" aria-labelledby="stock-title">
      <h2 id="stock-title">Stock</h2>
      {error ? <p class="error">{error.message}</p> : null}
      <Said feedback={feedback} />
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Price</th>
              <th scope="col">Stock</th>
              <th scope="col">Restock</th>
              <th scope="col">Stock-take</th>
            </tr>
          </thead>
          <tbody>
            {(products ?? []).map((product) => (
              <tr key={product.id} data-product-id={product.id}>
                <th scope="row">
                  {product.name}
                  <br />
                  <code class="muted">{product.id}</code>
                </th>
                <td>{money(product.price, product.currency)}</td>
                <td data-testid={`admin-stock-${product.id}`}>{product.quantity}</td>
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
                    label={`Counted stock of ${product.name}`}
                    button="Set count"
                    min={0}
                    busy={busy}
                    onSubmit={(quantity) =>
                      run(async () => {
                        const change = await services.shop.admin.adjustStock({ productId: product.id, quantity, reason: "Stock-take in the admin console" });
                        return `${product.name}: counted ${change.quantity} (was ${change.quantityBefore}).`;
                      })
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function NumberAction({ label, button, min, busy, onSubmit }: { label: string; button: string; min: number; busy: boolean; onSubmit: (value: number) => Promise<void> }) {
  const [value, setValue] = useState("");
  return (
    <form
      class="inline"
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit(Number(value)).then(() => setValue(""));
      }}
    >
      <input type="number" min={min} required aria-label={label} value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>
        {button}
      </button>
    </form>
  );
}

function NewProduct({ services }: { services: Services }) {
  const [fields, setFields] = useState({ productId: "", name: "", price: "", currency: "EUR", quantity: "0", maxPerCustomer: "" });
  const [feedback, busy, run] = useAction();
  const set = (name: keyof typeof fields) => (e: { currentTarget: HTMLInputElement }) => setFields({ ...fields, [name]: e.currentTarget.value });
  return (
    <section class="panel" aria-labelledby="new-product-title">
      <h2 id="new-product-title">Create or edit a product</h2>
      <form
        class="grid"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const result = await services.shop.admin.upsertProduct({
              productId: fields.productId.trim(),
              name: fields.name.trim(),
              price: toMinor(Number(fields.price), fields.currency),
              currency: fields.currency.trim().toUpperCase(),
              quantity: Number(fields.quantity),
              ...(fields.maxPerCustomer ? { maxPerCustomer: Number(fields.maxPerCustomer) } : {}),
            });
            return `${result.created ? "Created" : "Updated"} ${result.productId} (stock ${result.quantity}).`;
          });
        }}
      >
        <label>
          Product id
          <input type="text" name="productId" required pattern="[A-Za-z0-9_-]+" title="letters, digits, '_' and '-'" value={fields.productId} onInput={set("productId")} />
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
        <label>
          Stock
          <input type="number" name="quantity" min={0} value={fields.quantity} onInput={set("quantity")} />
        </label>
        <label>
          Limit per customer (optional)
          <input type="number" name="maxPerCustomer" min={1} value={fields.maxPerCustomer} onInput={set("maxPerCustomer")} />
        </label>
        <div class="actions">
          <button type="submit" disabled={busy}>
            Save product
          </button>
        </div>
      </form>
      <Said feedback={feedback} />
    </section>
  );
}

function RecentOrders({ services }: { services: Services }) {
  const { items: orders, error } = useLive<LiveOrder>((onChange, onError) => watchRecentOrders(services.db, { onChange, onError }, 25), [services.db]);
  const [feedback, busy, run] = useAction();
  return (
    <section class="panel" aria-labelledby="recent-title">
      <h2 id="recent-title">Recent orders</h2>
      {error ? <p class="error">{error.message}</p> : null}
      <Said feedback={feedback} />
      {orders?.length === 0 ? <p>No orders yet.</p> : null}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Buyer</th>
              <th scope="col">Total</th>
              <th scope="col">Status</th>
              <th scope="col">Email</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(orders ?? []).map((order) => (
              <tr key={order.id}>
                <th scope="row">
                  <code>{order.id.slice(0, 12)}</code>
                  <br />
                  <span class="muted">{when(order.createdAt)}</span>
                </th>
                <td>{order.email}</td>
                <td>{money(order.total, order.currency)}</td>
                <td>{order.status}</td>
                <td>{EMAIL_STATUS[order.confirmation.status]}</td>
                <td>
                  {order.status === "confirmed" ? (
                    <button
                      type="button"
                      class="danger"
                      disabled={busy}
                      aria-label={`Cancel order ${order.id}`}
                      onClick={() =>
                        void run(async () => {
                          const result = await services.shop.cancelOrder({ orderId: order.id, reason: "customer-request" });
                          return `Cancelled ${order.id}; returned ${result.returned.map((r) => `${r.quantity} x ${r.productId}`).join(", ")}.`;
                        })
                      }
                    >
                      Cancel
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function UnsentConfirmations({ services }: { services: Services }) {
  const { items: orders, error } = useLive<LiveOrder>((onChange, onError) => watchUnsentConfirmations(services.db, { onChange, onError }), [services.db]);
  const [feedback, busy, run] = useAction();
  const now = Date.now();
  const problems = (orders ?? []).filter((order) => order.confirmation.status === "failed" || now - (order.createdAt?.toMillis() ?? now) > STUCK_AFTER_MS);
  return (
    <section class="panel" aria-labelledby="unsent-title">
      <h2 id="unsent-title">Confirmations that failed or are stuck</h2>
      {error ? <p class="error">{error.message}</p> : null}
      <Said feedback={feedback} />
      {problems.length === 0 ? <p>None: every confirmation was sent or is on its way.</p> : null}
      <ul class="plain">
        {problems.map((order) => (
          <li key={order.id}>
            <code>{order.id.slice(0, 12)}</code> to {order.email}: {EMAIL_STATUS[order.confirmation.status]} after {order.confirmation.attempts} attempt(s)
            {order.confirmation.lastError ? ` (${order.confirmation.lastError})` : ""}{" "}
            <button
              type="button"
              disabled={busy}
              aria-label={`Re-send confirmation of order ${order.id}`}
              onClick={() =>
                void run(async () => {
                  const { outcome } = await services.shop.admin.resendConfirmation(order.id);
                  return `Re-send of ${order.id}: ${outcome}.`;
                })
              }
            >
              Re-send
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="secondary"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            const summary = await services.shop.admin.sweepConfirmationsNow({ minAgeSeconds: 60 });
            const outcomes = Object.entries(summary.outcomes).map(([outcome, count]) => `${count} ${outcome}`);
            return `Sweep found ${summary.found} email(s)${outcomes.length ? `: ${outcomes.join(", ")}` : ""}.`;
          })
        }
      >
        Sweep now
      </button>
    </section>
  );
}

function Ledger({ services }: { services: Services }) {
  const [reports, setReports] = useState<LedgerReport[] | undefined>();
  const [feedback, busy, run] = useAction();
  const broken = (reports ?? []).filter((report) => !report.ok);
  return (
    <section class="panel" aria-labelledby="ledger-title">
      <h2 id="ledger-title">Stock ledger</h2>
      <p>Re-derives every product's stock from its movements.</p>
      <button
        type="button"
        class="secondary"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            const result = await services.shop.admin.checkLedger();
            setReports(result);
            const bad = result.filter((report) => !report.ok).length;
            return bad === 0 ? `All ${result.length} products add up.` : `${bad} of ${result.length} products do not add up.`;
          })
        }
      >
        Check the ledger
      </button>
      <Said feedback={feedback} />
      <ul class="plain">
        {broken.map((report) => (
          <li key={report.productId}>
            <code>{report.productId}</code>: {report.problems.join("; ")}
          </li>
        ))}
      </ul>
    </section>
  );
}

function EmailPreviewPanel({ services }: { services: Services }) {
  const [kind, setKind] = useState<EmailPreview["kind"]>("confirmation");
  const [orderId, setOrderId] = useState("");
  const [locale, setLocale] = useState("");
  const [preview, setPreview] = useState<EmailPreview | undefined>();
  const [feedback, busy, run] = useAction();
  return (
    <section class="panel" aria-labelledby="preview-title">
      <h2 id="preview-title">Email preview</h2>
      <p>
        How an email looks with the shop's template (<code>emailTemplates/&lt;kind&gt;</code> in Firestore) or the built-in one. Nothing is sent.
      </p>
      <form
        class="grid"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const result = await services.shop.admin.previewEmail({ kind, ...(orderId.trim() ? { orderId: orderId.trim() } : {}), ...(locale.trim() ? { locale: locale.trim() } : {}) });
            setPreview(result);
            return result.problems.length ? `The template failed, so the built-in one would be sent: ${result.problems.join("; ")}` : `Rendered with ${result.source}.`;
          });
        }}
      >
        <label>
          Email
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as EmailPreview["kind"])}>
            <option value="confirmation">Order confirmation</option>
            <option value="cancellation">Cancellation</option>
          </select>
        </label>
        <label>
          Order id (optional: a sample order otherwise)
          <input type="text" value={orderId} onInput={(e) => setOrderId(e.currentTarget.value)} />
        </label>
        <label>
          Language (optional, e.g. de)
          <input type="text" value={locale} onInput={(e) => setLocale(e.currentTarget.value)} />
        </label>
        <div class="actions">
          <button type="submit" disabled={busy}>
            Preview
          </button>
        </div>
      </form>
      <Said feedback={feedback} />
      {preview ? (
        <div class="preview">
          <p>
            <strong>Subject:</strong> <span data-testid="preview-subject">{preview.subject}</span>
          </p>
          {/* Rendered HTML in a sandbox: no scripts, no same-origin access. */}
          <iframe title="HTML part of the email" sandbox="" srcdoc={preview.html} />
          <details>
            <summary>Plain-text part</summary>
            <pre>{preview.text}</pre>
          </details>
        </div>
      ) : null}
    </section>
  );
}
