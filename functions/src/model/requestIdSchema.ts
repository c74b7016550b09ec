import { z } from "zod";

// A caller's id for one logical request (an order, a hold, a shipment, a return, a transfer),
// kept across retries so the request takes effect once: printable ASCII, e.g. a UUID.
export const requestIdSchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, "use printable ASCII without spaces, e.g. a UUID");
