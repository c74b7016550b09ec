// What the order email templates see: the order, the shop's branding and the buyer's
// language, with amounts formatted for that language. Product names come from the catalog and
// the address from the buyer's account: the templates escape them in HTML and the subject is
// kept on one line (renderTemplate.ts). The only thing a buyer typed that reaches an email is
// their shipping address, in their own email, and only as plain one-line fields without links
// (model/shippingAddress.ts); a cancellation's reason is a code from a fixed list, shown in the
// shop's own words.
import { isCancelReason, type CancelReason } from "../model/cancelReasons";
import type { Order } from "../model/order";
import { orderReference } from "../model/orderReference";
import { countryName } from "../model/shippingAddress";
import { headerSafe, type EmailContext, type ShipmentContent } from "./renderTemplate";

export { headerSafe };

export interface Branding {
  name: string;
  supportEmail: string;
  logoUrl: string;
}

// A locale this runtime can't format falls back to English rather than failing the email.
function numberFormat(locale: string, currency: string): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency });
  } catch {
    return new Intl.NumberFormat("en", { style: "currency", currency });
  }
}

export function formatMoney(minorUnits: number, currency: string, locale = "en"): string {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return numberFormat(locale, currency).format(minorUnits / 10 ** digits);
}

// The built-in words for each cancellation reason ("other" says nothing); a shop's template
// can word them its own way from order.cancellationReasonCode.
export const CANCEL_REASON_TEXT: Record<CancelReason, string> = {
  "changed-mind": "You changed your mind.",
  "ordered-by-mistake": "The order was placed by mistake.",
  "found-better-price": "You found a better price.",
  "delivery-too-slow": "The delivery would take too long.",
  "customer-request": "You asked us to cancel it.",
  "out-of-stock": "An item could not be supplied.",
  "payment-problem": "There was a problem with the payment.",
  "suspected-fraud": "We could not verify the order.",
  "shop-error": "We made a mistake with your order.",
  other: "",
};

// The reason as emails may show it: a known code only (orders cancelled before the codes
// existed hold free text, which is left out).
function cancellationReason(order: EmailOrder): { cancellationReasonCode: CancelReason; cancellationReason?: string } | Record<string, never> {
  const code = order.cancellation?.reason;
  if (!isCancelReason(code)) return {};
  const text = CANCEL_REASON_TEXT[code];
  return { cancellationReasonCode: code, ...(text ? { cancellationReason: text } : {}) };
}

export type EmailOrder = Pick<Order, "items" | "total" | "currency" | "status" | "email"> &
  Partial<Pick<Order, "cancellation" | "reference" | "locale" | "shippingAddress" | "fulfilment">> & {
    // A shipment email's shipment (from its delivery document).
    shipment?: ShipmentContent;
  };

// A cancelled order that had shipped in part: what shipped before (names one line each).
function shippedBefore(order: EmailOrder): { shippedBefore: { name: string; quantity: number }[] } | Record<string, never> {
  const shipped = order.fulfilment?.shipped;
  if (order.status !== "cancelled" || !shipped) return {};
  const lines = order.items.flatMap((line) => (shipped[line.productId] ? [{ name: headerSafe(line.name), quantity: shipped[line.productId] as number }] : []));
  return lines.length ? { shippedBefore: lines } : {};
}

function shippingAddress(order: EmailOrder, locale: string): { shippingAddress: NonNullable<EmailContext["order"]["shippingAddress"]> } | Record<string, never> {
  const address = order.shippingAddress;
  if (!address) return {};
  return { shippingAddress: { ...address, countryName: countryName(address.country, locale) } };
}

export function emailContext(orderId: string, order: EmailOrder, shop: Branding, locale: string): EmailContext {
  const money = (amount: number) => formatMoney(amount, order.currency, locale);
  return {
    shop,
    order: {
      id: orderId,
      reference: order.reference ?? orderReference(orderId),
      status: order.status,
      items: order.items.map((line) => ({
        productId: line.productId,
        // One line per item, whatever the catalog holds: a name can't fake extra lines (or a total).
        name: headerSafe(line.name),
        quantity: line.quantity,
        unitPrice: money(line.unitPrice),
        amount: money(line.quantity * line.unitPrice),
      })),
      total: money(order.total),
      currency: order.currency,
      ...cancellationReason(order),
      ...shippingAddress(order, locale),
      ...shippedBefore(order),
    },
    ...(order.shipment ? { shipment: { ...order.shipment, lines: order.shipment.lines.map((line) => ({ ...line, name: headerSafe(line.name) })) } } : {}),
    buyer: { email: order.email },
    locale,
  };
}

// A made-up order for previews of a template before any real order exists.
export function sampleOrder(): EmailOrder {
  return {
    email: "buyer@example.com",
    items: [
      { productId: "burr-grinder", name: "Burr Grinder", quantity: 1, unitPrice: 12900 },
      { productId: "paper-filters", name: "Paper Filters (100)", quantity: 2, unitPrice: 650 },
    ],
    total: 14200,
    currency: "EUR",
    status: "confirmed",
    shippingAddress: { name: "Alex Example", lines: ["12 Sample Street"], city: "Berlin", postalCode: "10115", country: "DE" },
  };
}

// A made-up shipment of the sample order, for previews of the shipment email.
export function sampleShipment(): ShipmentContent {
  return { lines: [{ productId: "burr-grinder", name: "Burr Grinder", quantity: 1 }], carrier: "DHL", trackingNumber: "00340434161234567890", complete: false };
}
