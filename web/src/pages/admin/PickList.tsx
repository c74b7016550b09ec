// The pick list: orders with units left to ship, oldest first, each with where it ships and
// what is left, for every location or one ("Ship from": orders with units to ship from there);
// "Mark shipped" records a shipment of everything left (with a carrier and a tracking number
// for the buyer's email). One requestId per order on screen, kept across retries of the same
// click, so a shipment is never recorded twice.
import { DEFAULT_LOCATION, newRequestId, unshippedLines, watchLocations, watchOrdersToShip, type LiveLocation, type LiveOrder } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { Services } from "../../firebase";
import { when } from "../../format";
import { useLive } from "../../hooks";
import { ORDER_STATUS } from "../../labels";
import { formatAddress } from "../ShippingAddressForm";
import { LocationPicker, Panel, Said, Table, useAction } from "./panel";

export function PickList({ services }: { services: Services }) {
  // "": every location's orders; otherwise that location's pick list (orders with units to ship from there).
  const [locationId, setLocationId] = useState("");
  const { items: known } = useLive<LiveLocation>((onChange, onError) => watchLocations(services.db, { onChange, onError }), [services.db]);
  // The default location has no document until someone edits it.
  const locations = known && known.length > 0 && !known.some((location) => location.id === DEFAULT_LOCATION) ? [{ id: DEFAULT_LOCATION, name: "Default", active: true, priority: 0 }, ...known] : known;
  const { items: orders, error } = useLive<LiveOrder>(
    (onChange, onError) => watchOrdersToShip(services.db, { onChange, onError }, { max: 50, ...(locationId ? { locationId } : {}) }),
    [services.db, locationId],
  );
  const [feedback, busy, run] = useAction();
  return (
    <Panel id="pick-title" title="To ship">
      {error ? <p class="error">{error.message}</p> : null}
      <Said feedback={feedback} />
      {locations && locations.length > 0 ? (
        <LocationPicker label="Ship from" ariaLabel="Pick list for location" locations={locations} value={locationId} all="All locations" onChange={setLocationId} />
      ) : null}
      {orders?.length === 0 ? <p>Nothing to ship.</p> : null}
      <Table columns={["Order", "Left to ship", "Ships to", "Status", { hidden: "Ship" }]}>
        {(orders ?? []).map((order) => (
          <tr key={order.id} data-pick-order={order.id}>
            <th scope="row">
              <code>{order.reference ?? order.id.slice(0, 12)}</code>
              <br />
              <span class="muted">{when(order.createdAt)}</span>
            </th>
            <td>
              {unshippedLines(order)
                .filter((line) => line.quantity > 0)
                .map((line) => `${line.quantity} x ${order.items.find((item) => item.productId === line.productId)?.name ?? line.productId}`)
                .join(", ")}
            </td>
            <td>{order.shippingAddress ? formatAddress(order.shippingAddress) : <span class="muted">no address given</span>}</td>
            <td>{ORDER_STATUS[order.status]}</td>
            <td>
              <ShipForm order={order} busy={busy} onShip={(carrier, trackingNumber, requestId) => run(async () => {
                const shipped = await services.shop.fulfillOrder({ orderId: order.id, requestId, ...(carrier ? { carrier } : {}), ...(trackingNumber ? { trackingNumber } : {}) });
                return `Shipped ${shipped.lines.map((line) => `${line.quantity} x ${line.name}`).join(", ")} of ${order.reference ?? order.id}; the buyer is emailed.`;
              })} />
            </td>
          </tr>
        ))}
      </Table>
    </Panel>
  );
}

function ShipForm({ order, busy, onShip }: { order: LiveOrder; busy: boolean; onShip: (carrier: string, trackingNumber: string, requestId: string) => Promise<void> }) {
  const [carrier, setCarrier] = useState("");
  const [tracking, setTracking] = useState("");
  // Kept until the shipment is recorded: a second click after a lost answer replays it.
  const [requestId, setRequestId] = useState(newRequestId);
  const name = order.reference ?? order.id;
  return (
    <form
      class="inline"
      onSubmit={(event) => {
        event.preventDefault();
        void onShip(carrier.trim(), tracking.trim(), requestId).then(() => setRequestId(newRequestId()));
      }}
    >
      <input aria-label={`Carrier for order ${name}`} placeholder="Carrier" maxLength={100} value={carrier} onInput={(e) => setCarrier(e.currentTarget.value)} />
      <input aria-label={`Tracking number for order ${name}`} placeholder="Tracking number" maxLength={100} value={tracking} onInput={(e) => setTracking(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>
        Mark shipped
      </button>
    </form>
  );
}
