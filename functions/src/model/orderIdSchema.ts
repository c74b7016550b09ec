import { z } from "zod";

// An order id as callables accept it: one safe Firestore path segment.
export const orderIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "an order id");
