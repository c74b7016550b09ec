// What `npm run bench` and `npm run simulate` share as command-line tools: options parsed with
// node:util and validated with zod (a bad one prints the usage and exits 2), results written
// next to where the command was run, and exit codes (1: a check failed or the run broke).
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { z } from "zod";
import { describeIssues } from "../../functions/src/model/validationIssues";

export class UsageError extends Error {}

export function parseOptions<T extends z.ZodType>(
  options: NonNullable<ParseArgsConfig["options"]>,
  toInput: (values: Record<string, string | boolean | undefined>) => unknown,
  schema: T,
  usage: string,
): z.infer<T> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ options, strict: true }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${usage}`);
  }
  const parsed = schema.safeParse(toInput(values));
  if (!parsed.success) {
    const problems = describeIssues(parsed.error, { prefix: "--", separator: "\n  " });
    throw new UsageError(`Invalid options:\n  ${problems}\nUsage: ${usage}`);
  }
  return parsed.data;
}

// A whole number given on the command line, or NaN (which the schema then refuses).
export function wholeNumber(text: string | boolean | undefined): number | undefined {
  if (text === undefined) return undefined;
  return typeof text === "string" && /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
}

// Writes `<name>-latest.json` (and a time-stamped copy), and `<name>-latest.html` when given.
export function writeResults(out: string, name: string, json: unknown, html?: string): { json: string; html?: string } {
  const dir = resolve(process.env.INIT_CWD ?? process.cwd(), out);
  mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(json, null, 2)}\n`;
  writeFileSync(join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`), text);
  writeFileSync(join(dir, `${name}-latest.json`), text);
  if (html !== undefined) writeFileSync(join(dir, `${name}-latest.html`), html);
  return { json: join(dir, `${name}-latest.json`), html: html === undefined ? undefined : join(dir, `${name}-latest.html`) };
}

export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
}
