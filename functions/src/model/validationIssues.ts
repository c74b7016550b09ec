// A schema's complaints, worded one way everywhere (callable errors, logs, the client, the CLI):
// each with its dotted path, and all on one line as `path: message`. `whole` names the value
// itself for a complaint about it rather than one of its fields.
import type { z } from "zod";

export interface ValidationIssue {
  path: string;
  message: string;
}

export function issuesOf(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

export function describeIssues(error: z.ZodError, options: { whole?: string; prefix?: string; separator?: string } = {}): string {
  const { whole, prefix = "", separator = "; " } = options;
  return issuesOf(error)
    .map(({ path, message }) => (path || whole ? `${prefix}${path || whole}: ${message}` : message))
    .join(separator);
}
