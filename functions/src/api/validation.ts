// Turns a zod failure into the invalid-argument HttpsError every callable returns.
import { refuse } from "./httpsErrors";
import type { z } from "zod";

export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; ");
  throw refuse("invalid-argument", `${what}: ${summary}`, { reason: "invalid-request", issues });
}
