// What the shop's staff send to fulfillOrder, and what it answers. Free of server imports: the
// client package bundles it.
import { z } from "zod";
import { orderIdSchema } from "../model/orderIdSchema";
import { requestIdSchema } from "../model/requestIdSchema";
import { MAX_LINES, MAX_QUANTITY_PER_LINE } from "./placeOrderSchema";
import { locationIdSchema, productIdSchema } from "../stock/productSchema";
import type { OrderStatus } from "../model/orderDocument";

// Plain text on one line: carrier names and tracking numbers land in the buyer's email.
const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}<>]*$/u, "plain text on one line, without < or >");

// Units of some of an order's lines, each product once.
const linesSchema = z
  .array(z.strictObject({ productId: productIdSchema, quantity: z.number().int().min(1).max(MAX_QUANTITY_PER_LINE) }))
  .min(1)
  .max(MAX_LINES)
  .refine((lines) => new Set(lines.map((line) => line.productId)).size === lines.length, { message: "list each product once" });

export const fulfillOrderSchema = z.strictObject({
  orderId: orderIdSchema,
  // One per shipment, kept across retries: a shipment is recorded (and emailed) once however
  // often it is sent.
  requestId: requestIdSchema,
  // What ships now; all that is left to ship when omitted.
  lines: linesSchema.optional(),
  // Ship from this location instead of where the units were allocated (from units it has not
  // promised to other orders or holds; the allocated ones become available there).
  locationId: locationIdSchema.optional(),
  carrier: oneLine(100).optional(),
  trackingNumber: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9 ._/-]+$/, "letters, digits, spaces and . _ / - only")
    .optional(),
});

export type FulfillOrderRequest = z.infer<typeof fulfillOrderSchema>;

// Units that came back from a buyer: `restock` puts them back on the shelf for sale, otherwise
// they are written off (damaged). Never more than shipped and not yet returned.
export const returnItemsSchema = z.strictObject({
  orderId: orderIdSchema,
  requestId: requestIdSchema,
  lines: linesSchema,
  restock: z.boolean(),
  // Where restocked units go back on the shelf (default: where the product's units were allocated).
  locationId: locationIdSchema.optional(),
  reason: oneLine(500).optional(),
});

export type ReturnItemsRequest = z.infer<typeof returnItemsSchema>;

export interface ReturnItemsResult {
  orderId: string;
  returnId: string;
  lines: { productId: string; name: string; quantity: number }[];
  restock: boolean;
  // True when this requestId was returned before: nothing changed now.
  replayed: boolean;
}

export interface FulfillOrderResult {
  orderId: string;
  fulfilmentId: string;
  // The order's status after this shipment.
  status: OrderStatus;
  lines: { productId: string; name: string; quantity: number }[];
  // True when this requestId had shipped before: nothing changed now.
  replayed: boolean;
}
