// What the order email templates see: the order, the shop's branding and the buyer's
// language, with amounts formatted for that language. Product names come from the catalog,
// the address from the buyer's account and a cancellation reason from a person: the
// templates escape them in HTML and the subject is kept on one line (renderTemplate.ts).
import type { Order } from "../model/order";
import { orderReference } from "../model/orderReference";
import { headerSafe, type EmailContext } from "./renderTemplate";

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

export type EmailOrder = Pick<Order, "items" | "total" | "currency" | "status" | "email"> & Partial<Pick<Order, "cancellation" | "reference" | "locale">>;

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
      ...(order.cancellation?.reason ? { cancellationReason: order.cancellation.reason } : {}),
    },
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
  };
}
