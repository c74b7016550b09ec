// Turns a zod failure into the invalid-argument HttpsError every callable returns.
import type { Callable } from "./callables";
import { validationIssues } from "./errorDetails";
import { refuse } from "./httpsErrors";
import type { z } from "zod";

export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const { issues, summary } = validationIssues(parsed.error);
  throw refuse("invalid-argument", `${what}: ${summary}`, { reason: "invalid-request", issues });
}

// A callable's request, parsed with its schema from the contract table (callables.ts).
export function parseRequest<S extends z.ZodType>(callable: Callable<S, unknown>, data: unknown): z.infer<S> {
  return parseOrThrow(callable.request, data, callable.invalid);
}
