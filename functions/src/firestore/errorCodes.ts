// The gRPC status codes Firestore reports, by name.
export const GrpcCode = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

// Lost races (lock timeouts, aborted transactions, a commit that timed out) and passing
// faults (a dropped stream): the set Firestore's SDK itself retries transactions on.
const RETRYABLE = new Set<number>([
  GrpcCode.CANCELLED,
  GrpcCode.UNKNOWN,
  GrpcCode.DEADLINE_EXCEEDED,
  GrpcCode.RESOURCE_EXHAUSTED,
  GrpcCode.ABORTED,
  GrpcCode.INTERNAL,
  GrpcCode.UNAVAILABLE,
]);

// A transaction that died before its commit wrote anything: expired (production, which the SDK
// retries too) or aborted under contention (the emulator's words for it). Other invalid
// arguments are bugs, never retried.
const DEAD_TRANSACTION = /transaction (has expired|is invalid or closed)/i;

export function isRetryable(error: unknown): boolean {
  const code = grpcCode(error);
  if (code === GrpcCode.INVALID_ARGUMENT) return DEAD_TRANSACTION.test((error as { message?: unknown }).message?.toString() ?? "");
  return code !== undefined && RETRYABLE.has(code);
}

// A create that found its document there already.
export function alreadyExists(error: unknown): boolean {
  return grpcCode(error) === GrpcCode.ALREADY_EXISTS;
}
