// Admins see an email as it would be sent (the shop's template, branding, language) for a
// real order or a sample one, without sending anything.
import { orderRef } from "../firestore/paths";
import type { Order } from "../model/order";
import { Refused } from "../model/refusals";
import { composeOrderEmail } from "./composeEmail";
import type { EmailPreview, PreviewEmailRequest } from "./emailRequestSchemas";
import { sampleOrder, sampleShipment } from "./orderEmailContent";

export async function previewOrderEmail({ kind, orderId, locale }: PreviewEmailRequest): Promise<EmailPreview> {
  let order = sampleOrder();
  if (orderId) {
    const snapshot = await orderRef(orderId).get();
    if (!snapshot.exists) throw new Refused({ reason: "order-not-found", orderId });
    order = snapshot.data() as Order;
  }
  const id = orderId ?? "sample-order-0000";
  // A shipment previews with a made-up shipment of the order's first line.
  const first = order.items[0];
  const shipment = kind !== "shipment" ? undefined : orderId && first ? { ...sampleShipment(), lines: [{ productId: first.productId, name: first.name, quantity: first.quantity }] } : sampleShipment();
  const { email, source, problems } = await composeOrderEmail(kind, id, { ...order, ...(shipment ? { shipment } : {}) }, { locale, preview: true });
  return { kind, orderId: id, sample: !orderId, ...email, source, problems };
}
