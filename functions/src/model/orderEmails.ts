// Which email of an order a delivery is about, and where its state lives by name: the
// confirmation (on the order), the cancellation notice, or the shipment email of one
// fulfilment (one per shipment, not one per order) under orders/{orderId}/emails/{id}.

// The emails an order gets; each has its template (email/emailTemplates.ts).
export const EMAIL_KINDS = ["confirmation", "cancellation", "shipment"] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export interface OrderEmail {
  kind: EmailKind;
  orderId: string;
  fulfilmentId?: string;
}

// orders/{orderId}/emails/{id}: "cancellation", or "shipment-{fulfilmentId}".
export function emailDocumentId(email: Pick<OrderEmail, "kind" | "fulfilmentId">): string {
  return email.kind === "shipment" ? `shipment-${email.fulfilmentId ?? ""}` : email.kind;
}

// The email an orders/{orderId}/emails/{id} document tracks (undefined: not one of ours).
export function emailOfDocument(orderId: string, id: string): OrderEmail | undefined {
  if (id === "cancellation") return { kind: "cancellation", orderId };
  if (id.startsWith("shipment-") && id.length > "shipment-".length) return { kind: "shipment", orderId, fulfilmentId: id.slice("shipment-".length) };
  return undefined;
}
