// Turns a zod failure into the invalid-argument HttpsError every callable returns.
import { validationIssues } from "./errorDetails";
import { refuse } from "./httpsErrors";
import type { z } from "zod";

export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const { issues, summary } = validationIssues(parsed.error);
  throw refuse("invalid-argument", `${what}: ${summary}`, { reason: "invalid-request", issues });
}
