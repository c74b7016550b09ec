// The newest orders of every buyer, each cancellable with a reason from the fixed list (the
// buyer's email gives the shop's words for it) and an optional note kept for the shop.
import { watchRecentOrders, type CancelReason, type LiveOrder } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { Services } from "../../firebase";
import { money, when } from "../../format";
import { useLive } from "../../hooks";
import { CancelReasonSelect } from "../../cancelReason";
import { ADMIN_CANCEL_REASONS, EMAIL_STATUS, ORDER_STATUS } from "../../labels";
import { Panel, Said, Table, useAction } from "./panel";

export function RecentOrders({ services }: { services: Services }) {
  const { items: orders, error } = useLive<LiveOrder>((onChange, onError) => watchRecentOrders(services.db, { onChange, onError }, 25), [services.db]);
  const [feedback, busy, run] = useAction();
  const [reason, setReason] = useState<CancelReason>("customer-request");
  return (
    <Panel id="recent-title" title="Recent orders">
      {error ? <p class="error">{error.message}</p> : null}
      <CancelReasonSelect class="inline-label" label="Reason for cancelling (the buyer's email says it)" reasons={ADMIN_CANCEL_REASONS} value={reason} onChange={setReason} />
      <Said feedback={feedback} />
      {orders?.length === 0 ? <p>No orders yet.</p> : null}
      <Table columns={["Order", "Buyer", "Total", "Status", "Email", { hidden: "Actions" }]}>
        {(orders ?? []).map((order) => (
          <tr key={order.id}>
            <th scope="row">
              <code>{order.id.slice(0, 12)}</code>
              <br />
              <span class="muted">{when(order.createdAt)}</span>
            </th>
            <td>{order.email}</td>
            <td>{money(order.total, order.currency)}</td>
            <td>{ORDER_STATUS[order.status]}</td>
            <td>{EMAIL_STATUS[order.confirmation.status]}</td>
            <td>
              {/* The shop may cancel what has not shipped of a partly shipped order. */}
              {order.status === "confirmed" || order.status === "partially_fulfilled" ? (
                <button
                  type="button"
                  class="danger"
                  disabled={busy}
                  aria-label={`Cancel order ${order.id}`}
                  onClick={() =>
                    void run(async () => {
                      const result = await services.shop.cancelOrder({ orderId: order.id, reason });
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
      </Table>
    </Panel>
  );
}
