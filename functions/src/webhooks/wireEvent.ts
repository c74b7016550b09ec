// An event as receivers get it: the stored envelope without the outbox's own fields, times as
// ISO 8601 strings.
import { Timestamp } from "firebase-admin/firestore";

function plain(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate().toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  return value;
}

export function wireEvent(stored: Record<string, unknown>): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the outbox's bookkeeping, not the event
  const { dispatch, expireAt, ...event } = stored;
  return plain(event) as Record<string, unknown>;
}
