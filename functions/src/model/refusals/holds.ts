// Why a checkout hold can't be placed or used.
export type HoldRefusal =
  // A checkout hold that is not (or no longer) the caller's to use.
  | { reason: "hold-not-found"; holdId: string }
  | { reason: "hold-expired"; holdId: string; state: "expired" | "released" }
  // Over one of the shop's caps on holds: the buyer's live holds, the units of one product one
  // buyer may hold, or the share of a product all holds together may take.
  | { reason: "hold-limit"; scope: "buyer-holds" | "buyer-units" | "product"; limit: number; canHold: number; productId?: string; name?: string };
