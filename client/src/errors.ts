// Errors as apps handle them: the callable's code, a message a person can read, and `details`
// typed by the backend's contract, discriminated by `reason`.
import type { ErrorDetails, ErrorReason } from "./contract";

// The Firebase Functions error codes, without the "functions/" prefix the web SDK adds.
export type ShopErrorCode =
  | "ok"
  | "cancelled"
  | "unknown"
  | "invalid-argument"
  | "deadline-exceeded"
  | "not-found"
  | "already-exists"
  | "permission-denied"
  | "resource-exhausted"
  | "failed-precondition"
  | "aborted"
  | "out-of-range"
  | "unimplemented"
  | "internal"
  | "unavailable"
  | "data-loss"
  | "unauthenticated";

export type DetailsOf<R extends ErrorReason> = Extract<ErrorDetails, { reason: R }>;

export class ShopError extends Error {
  override readonly name = "ShopError";

  constructor(
    readonly code: ShopErrorCode,
    message: string,
    // Absent when the failure never reached the backend's edge (network, timeout).
    readonly details?: ErrorDetails,
    // How many calls were made, retries included.
    readonly attempts = 1,
  ) {
    super(message);
  }

  get reason(): ErrorReason | undefined {
    return this.details?.reason;
  }

  // Narrows `details` to one refusal: `if (error.is("insufficient-stock")) error.details.available`.
  is<R extends ErrorReason>(reason: R): this is ShopError & { details: DetailsOf<R> } {
    return this.details?.reason === reason;
  }
}

function hasReason(value: unknown): value is ErrorDetails {
  return typeof value === "object" && value !== null && typeof (value as { reason?: unknown }).reason === "string";
}

// Any error a callable threw (FunctionsError from the web SDK, or anything else) as a ShopError.
export function toShopError(error: unknown, attempts = 1): ShopError {
  if (error instanceof ShopError) return error;
  const { code, message, details } = (error ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  const bare = typeof code === "string" ? code.replace(/^functions\//, "") : "unknown";
  return new ShopError(bare as ShopErrorCode, typeof message === "string" ? message : String(error), hasReason(details) ? details : undefined, attempts);
}
