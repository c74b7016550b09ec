import { orderReference, ShopError, watchMyOrders, type CancelReason, type LiveOrder } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { Services } from "../firebase";
import { money, when } from "../format";
import { useLive } from "../hooks";
import { CancelReasonSelect } from "../cancelReason";
import { BUYER_CANCEL_REASONS, EMAIL_STATUS, ORDER_STATUS } from "../labels";
import { describe } from "../messages";
import { formatAddress } from "./ShippingAddressForm";

export function MyOrders({ services, uid }: { services: Services; uid: string }) {
  const { items: orders, error } = useLive<LiveOrder>((onChange, onError) => watchMyOrders(services.db, uid, { onChange, onError }), [services.db, uid]);
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">My orders</h1>
      {error ? <p class="error">Your orders could not be loaded: {error.message}</p> : null}
      {!orders ? <p>Loading your orders...</p> : orders.length === 0 ? <p>No orders yet.</p> : null}
      <ul class="orders">
        {(orders ?? []).map((order) => (
          <OrderCard key={order.id} order={order} services={services} />
        ))}
      </ul>
    </section>
  );
}

function OrderCard({ order, services }: { order: LiveOrder; services: Services }) {
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState<CancelReason>("changed-mind");
  const [note, setNote] = useState("");

  async function cancel() {
    setBusy(true);
    setMessage(undefined);
    try {
      await services.shop.cancelOrder({ orderId: order.id, reason, ...(note.trim() ? { note: note.trim() } : {}) });
      setConfirming(false);
    } catch (e) {
      setMessage(e instanceof ShopError ? describe(e) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="panel order" aria-label={`Order ${order.id}`} data-order-id={order.id}>
      <p>
        <strong>Order {order.reference ?? orderReference(order.id)}</strong> <span class="muted">{when(order.createdAt)}</span>
        <br />
        <code class="muted">{order.id}</code>
      </p>
      <p>{order.items.map((item) => `${item.quantity} x ${item.name}`).join(", ")}</p>
      <dl class="facts">
        <dt>Total</dt>
        <dd>{money(order.total, order.currency)}</dd>
        <dt>Status</dt>
        <dd data-testid="order-status">{ORDER_STATUS[order.status]}</dd>
        {order.fulfilment ? (
          <>
            <dt>Shipped</dt>
            <dd data-testid="shipment">
              {order.items
                .filter((item) => order.fulfilment?.shipped[item.productId])
                .map((item) => `${order.fulfilment?.shipped[item.productId]} of ${item.quantity} x ${item.name}`)
                .join(", ")}
              {order.fulfilment.carrier ? ` by ${order.fulfilment.carrier}` : ""}
              {order.fulfilment.trackingNumber ? (
                <>
                  , tracking number <strong data-testid="tracking-number">{order.fulfilment.trackingNumber}</strong>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt>Confirmation email</dt>
        <dd data-testid="email-status">{EMAIL_STATUS[order.confirmation.status]}</dd>
        {order.shippingAddress ? (
          <>
            <dt>Ships to</dt>
            <dd data-testid="ships-to">{formatAddress(order.shippingAddress)}</dd>
          </>
        ) : null}
      </dl>
      {message ? (
        <p class="error" role="alert">
          {message}
        </p>
      ) : null}
      {order.status === "confirmed" ? (
        confirming ? (
          <form
            class="cancel"
            onSubmit={(event) => {
              event.preventDefault();
              void cancel();
            }}
          >
            <CancelReasonSelect label="Why are you cancelling?" reasons={BUYER_CANCEL_REASONS} value={reason} onChange={setReason} />
            <label>
              A note for the shop (optional, never emailed)
              <textarea maxLength={500} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            </label>
            <div class="actions">
              <span>Cancel this order?</span>
              <button type="submit" class="danger" disabled={busy}>
                Yes, cancel it
              </button>
              <button type="button" class="secondary" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </div>
          </form>
        ) : (
          <button type="button" class="secondary" onClick={() => setConfirming(true)}>
            Cancel order
          </button>
        )
      ) : null}
    </li>
  );
}
