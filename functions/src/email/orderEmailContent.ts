// Renders the order emails (confirmation, cancellation). Product names come from the
// catalog, the address from the buyer's account and a cancellation reason from a person:
// all are escaped in HTML and kept out of headers.
import escapeHtml from "escape-html";
import type { Order } from "../model/order";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function formatMoney(minorUnits: number, currency: string): string {
  const format = new Intl.NumberFormat("en", { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

// Header values must be one line: a newline there could start a header of its own.
export function headerSafe(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
}

export function renderConfirmation(orderId: string, order: Pick<Order, "items" | "total" | "currency">): RenderedEmail {
  return renderOrderEmail(orderId, order, `Order ${orderId} confirmed`, "Thank you for your order!");
}

// The reason is admin- or buyer-written text: escaped in HTML, never in a header.
export function renderCancellation(orderId: string, order: Pick<Order, "items" | "total" | "currency" | "cancellation">): RenderedEmail {
  const reason = order.cancellation?.reason;
  return renderOrderEmail(orderId, order, `Order ${orderId} cancelled`, "Your order has been cancelled.", reason ? `Reason: ${reason}` : undefined);
}

function renderOrderEmail(
  orderId: string,
  order: Pick<Order, "items" | "total" | "currency">,
  subjectText: string,
  intro: string,
  note?: string,
): RenderedEmail {
  const money = (amount: number) => formatMoney(amount, order.currency);
  const subject = headerSafe(subjectText);
  const textLines = order.items.map(
    (line) => `- ${line.quantity} x ${headerSafe(line.name)} @ ${money(line.unitPrice)} = ${money(line.quantity * line.unitPrice)}`,
  );
  const text = [
    intro,
    ...(note ? [note] : []),
    "",
    `Order: ${orderId}`,
    ...textLines,
    "",
    `Total: ${money(order.total)}`,
    "",
  ].join("\n");
  const rows = order.items
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.name)}</td><td align="right">${line.quantity}</td>` +
        `<td align="right">${escapeHtml(money(line.unitPrice))}</td>` +
        `<td align="right">${escapeHtml(money(line.quantity * line.unitPrice))}</td></tr>`,
    )
    .join("\n");
  const html = `<!doctype html>
<html><body>
<p>${escapeHtml(intro)}</p>${note ? `\n<p>${escapeHtml(note)}</p>` : ""}
<p>Order: <strong>${escapeHtml(orderId)}</strong></p>
<table cellpadding="4">
<thead><tr><th align="left">Product</th><th>Qty</th><th>Unit price</th><th>Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><td colspan="3" align="right"><strong>Total</strong></td><td align="right"><strong>${escapeHtml(money(order.total))}</strong></td></tr></tfoot>
</table>
</body></html>
`;
  return { subject, text, html };
}
