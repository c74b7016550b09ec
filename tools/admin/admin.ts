// `npm run admin -- <command>`: shop admin tasks from a terminal, against the running
// emulators (npm start) or, with --project and Application Default Credentials, a real
// project. Stock changes go through the same code as the admin callables (ledger included).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { parse as parseCsv } from "csv-parse/sync";
import { getAuth } from "firebase-admin/auth";
import type { Timestamp } from "firebase-admin/firestore";
import { adminApp, db } from "../../functions/src/firestore/db";
import { ORDERS, PRODUCTS } from "../../functions/src/firestore/paths";
import { upsertProductSchema } from "../../functions/src/inventory/inventorySchemas";
import { importCatalog } from "./catalog";
import { refusalToHttpsError } from "../../functions/src/api/httpsErrors";
import { Refused } from "../../functions/src/model/refusals";
import { HUB as HUB_ENDPOINT, hostPort, PROJECT_ID, ROOT } from "../../scripts/localStack";
import { checkLedger } from "../../functions/src/stock/ledgerCheck";
import { previewEmailSchema } from "../../functions/src/email/emailRequestSchemas";
import { previewOrderEmail } from "../../functions/src/email/previewEmail";
import { UsageError } from "../load/cli";
import { describeIssues } from "../../functions/src/model/validationIssues";
import { bucketsOf } from "../../functions/src/stock/buckets";
import { markShipped, migrateStock } from "./bulkShipping";
import type { Product } from "../../functions/src/stock/productSchema";

const USAGE = `Usage: npm run admin -- <command> [--project <id>]

  seed [--set-stock] <catalog.json|catalog.csv>
                                    create or update products (productId,name,price,currency,quantity);
                                    an existing product keeps its stock unless --set-stock, which
                                    records the file's quantity as a stock-take (every unit on the shelf)
  grant-admin <email>               give a user the admin claim (they must sign in again)
  revoke-admin <email>              take it away
  grant-fulfilment <email>          give a warehouse account the fulfilment claim: it reads orders
                                    and holds (lines, shipping address) and ships orders, nothing else
  revoke-fulfilment <email>         take it away
  stock [productId...]              print stock: available, on hand, committed, held
  migrate-stock [--apply]           count open orders placed before committed stock existed into their
                                    products' on hand and committed (dry run unless --apply; the
                                    deployed stockMigration sweep does the same by itself)
  mark-shipped --before <date> [--apply]
                                    record every open order placed before <date> (YYYY-MM-DD) as
                                    shipped, without emails: for orders shipped outside the system
                                    (dry run unless --apply)
  orders [--limit 20]               print the most recent orders
  ledger-check [productId...]       re-derive stock from the ledger; exit 1 on a mismatch
  preview-email <kind> [orderId] [--locale <tag>] [--html <file>]
                                    render a confirmation, cancellation or shipment email without sending it
                                    (a sample order when no orderId); exit 1 if the shop's template fails

Without --project it works on the running emulators (npm start).`;


const HUB = `http://${hostPort(HUB_ENDPOINT)}/emulators`;
const EMULATOR_PROJECT = PROJECT_ID;
const ADMIN_CLI = "admin-cli";

// The functions' params as the deployed functions (or the emulator) see them: the per-project
// file first, then the shared one (loadEnvFile never overrides what is already set).
function loadFunctionParams(project: string | undefined): void {
  for (const name of [project ? `.env.${project}` : ".env.local", ".env"]) {
    const path = join(ROOT, "functions", name);
    if (existsSync(path)) process.loadEnvFile(path);
  }
}

// Points the Admin SDK at the running emulators, or at a real project.
async function connect(project: string | undefined): Promise<string> {
  loadFunctionParams(project);
  if (project) {
    delete process.env.FIRESTORE_EMULATOR_HOST;
    delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
    process.env.GCLOUD_PROJECT = project;
    return `project ${project}`;
  }
  let running: Record<string, { host: string; port: number }> | undefined;
  try {
    const response = await fetch(HUB, { signal: AbortSignal.timeout(2000) });
    running = response.ok ? ((await response.json()) as typeof running) : undefined;
  } catch {
    running = undefined;
  }
  if (!running?.firestore || !running.auth) {
    throw new UsageError("No emulators are running. Start them with `npm start`, or pass --project <id> to work on a real project.");
  }
  process.env.FIRESTORE_EMULATOR_HOST = `${running.firestore.host}:${running.firestore.port}`;
  process.env.FIREBASE_AUTH_EMULATOR_HOST = `${running.auth.host}:${running.auth.port}`;
  process.env.GCLOUD_PROJECT = EMULATOR_PROJECT;
  return "the local emulators";
}

function readCatalog(file: string): unknown[] {
  const text = readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), "utf8");
  if (extname(file).toLowerCase() === ".csv") {
    // Numbers stay numbers; everything else stays text for the schema to judge.
    return parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, cast: (value) => (/^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value) });
  }
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) throw new UsageError(`${file}: expected a JSON array of products`);
  return parsed;
}

async function seed(file: string, setStock: boolean): Promise<void> {
  const rows = readCatalog(file);
  // Validate everything first: a bad row changes nothing.
  const problems: string[] = [];
  const products = rows.flatMap((row, index) => {
    const parsed = upsertProductSchema.safeParse(row);
    if (parsed.success) return [parsed.data];
    problems.push(`row ${index + 1}: ${describeIssues(parsed.error, { whole: "row" })}`);
    return [];
  });
  if (problems.length) throw new UsageError(`${file} has invalid rows; nothing was written.\n  ${problems.join("\n  ")}`);
  const table = new Table({ head: ["product", "", "stock before", "stock"] });
  const results = await importCatalog(products, ADMIN_CLI, { setStock });
  for (const result of results) table.push([result.productId, result.action, result.quantityBefore, result.quantity]);
  console.log(table.toString());
  if (results.some((result) => result.action === "updated, stock kept")) {
    console.log("Existing products kept their stock. To record the file's quantities as a stock-take, run seed --set-stock.");
  }
}

// The roles a custom claim gives (firestore.rules reads them), as the CLI names them.
const ROLES = { admin: "an admin", fulfilment: "a fulfilment account" } as const;

async function setRole(email: string, role: keyof typeof ROLES, granted: boolean): Promise<void> {
  const auth = getAuth(adminApp());
  const user = await auth.getUserByEmail(email).catch(() => {
    throw new UsageError(`No user with the email ${email}.`);
  });
  const claims = { ...(user.customClaims ?? {}) };
  if (granted) claims[role] = true;
  else delete claims[role];
  await auth.setCustomUserClaims(user.uid, claims);
  console.log(`${email} (${user.uid}) is ${granted ? "now" : "no longer"} ${ROLES[role]}. The change applies at their next sign-in or token refresh.`);
}

async function stock(productIds: string[]): Promise<void> {
  const snapshots = productIds.length
    ? await db().getAll(...productIds.map((id) => db().collection(PRODUCTS).doc(id)))
    : (await db().collection(PRODUCTS).orderBy("name").limit(500).get()).docs;
  const table = new Table({ head: ["product", "name", "price", "available", "on hand", "committed", "held", "status"] });
  for (const snapshot of snapshots) {
    const p = snapshot.data();
    const buckets = p && typeof p.quantity === "number" ? bucketsOf(p as Product) : undefined;
    table.push(p ? [snapshot.id, p.name, `${p.price} ${p.currency}`, p.quantity, buckets?.onHand ?? "", buckets?.committed ?? "", buckets?.held ?? "", p.status] : [snapshot.id, "(missing)", "", "", "", "", "", ""]);
  }
  console.log(table.toString());
}

async function orders(limit: number): Promise<void> {
  const snapshot = await db().collection(ORDERS).orderBy("createdAt", "desc").limit(limit).get();
  const table = new Table({ head: ["created", "order", "buyer", "items", "total", "status", "email"] });
  for (const doc of snapshot.docs) {
    const o = doc.data();
    const items = (o.items as { productId: string; quantity: number }[]).map((l) => `${l.quantity}x ${l.productId}`).join(", ");
    const created = (o.createdAt as Timestamp | undefined)?.toDate().toISOString() ?? "";
    table.push([created, doc.id, o.email, items, `${o.total} ${o.currency}`, o.status, (o.confirmation as { status: string }).status]);
  }
  console.log(table.toString());
}

async function ledgerCheck(productIds: string[]): Promise<boolean> {
  const reports = await checkLedger(db(), productIds.length ? productIds : undefined);
  const table = new Table({ head: ["product", "quantity", "movements", "derived", "verdict"] });
  for (const r of reports) {
    table.push([r.productId, r.quantity ?? "-", r.movements, r.derived ?? "(no history)", r.ok ? "ok" : r.problems.join("; ")]);
  }
  console.log(table.toString());
  return reports.every((r) => r.ok);
}

async function runMigration(apply: boolean): Promise<void> {
  const report = await migrateStock(apply);
  const table = new Table({ head: ["product", apply ? "units counted into on hand and committed" : "units to count into on hand and committed"] });
  for (const [productId, units] of Object.entries(report.units)) table.push([productId, units]);
  console.log(table.toString());
  console.log(
    `${report.scanned} open orders looked at; ${report.legacy} from before committed stock${apply ? " counted" : ""}, ${report.indexed} given their pick-list locations${apply ? "" : " (dry run: nothing written; add --apply)"}.`,
  );
  for (const { orderId, productId } of report.skipped) console.log(`Skipped order ${orderId}: product ${productId} has an invalid document; fix it and run again.`);
}

async function runMarkShipped(before: Date, apply: boolean): Promise<void> {
  const result = await markShipped(before, ADMIN_CLI, apply);
  const day = before.toISOString().slice(0, 10);
  console.log(
    apply
      ? `${result.marked} of ${result.orders} open orders placed before ${day} marked shipped (${result.units} units); no emails sent.`
      : `${result.orders} open orders placed before ${day} would be marked shipped (${result.units} units). Dry run: nothing written; add --apply.`,
  );
}

async function previewEmail(kind: string | undefined, orderId: string | undefined, locale: string | undefined, htmlFile: string | undefined): Promise<boolean> {
  const request = previewEmailSchema.safeParse({ kind, ...(orderId ? { orderId } : {}), ...(locale ? { locale } : {}) });
  if (!request.success) throw new UsageError(`preview-email: ${describeIssues(request.error)}\n\n${USAGE}`);
  const preview = await previewOrderEmail(request.data);
  console.log(`Template: ${preview.source}${preview.sample ? " (sample order)" : ""}`);
  for (const problem of preview.problems) console.log(`Problem: ${problem}`);
  console.log(`Subject: ${preview.subject}\n\n${preview.text}`);
  if (htmlFile) {
    writeFileSync(htmlFile, preview.html);
    console.log(`HTML written to ${htmlFile}.`);
  } else {
    console.log(`(HTML part: ${preview.html.length} characters; --html <file> writes it out.)`);
  }
  return preview.problems.length === 0;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        project: { type: "string" },
        limit: { type: "string", default: "20" },
        locale: { type: "string" },
        html: { type: "string" },
        "set-stock": { type: "boolean", default: false },
        apply: { type: "boolean", default: false },
        before: { type: "string" },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const [command, ...rest] = parsed.positionals;
  if (!command || parsed.values.help) {
    console.log(USAGE);
    return;
  }
  const limit = Number(parsed.values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError("--limit must be a whole number from 1 to 1000.");
  const needs = (count: number) => {
    if (rest.length !== count) throw new UsageError(`${command} takes ${count} argument${count === 1 ? "" : "s"}.\n\n${USAGE}`);
  };
  const commands: Record<string, () => Promise<boolean | void>> = {
    seed: () => (needs(1), seed(rest[0] as string, parsed.values["set-stock"] === true)),
    "grant-admin": () => (needs(1), setRole(rest[0] as string, "admin", true)),
    "revoke-admin": () => (needs(1), setRole(rest[0] as string, "admin", false)),
    "grant-fulfilment": () => (needs(1), setRole(rest[0] as string, "fulfilment", true)),
    "revoke-fulfilment": () => (needs(1), setRole(rest[0] as string, "fulfilment", false)),
    stock: () => stock(rest),
    orders: () => (needs(0), orders(limit)),
    "ledger-check": () => ledgerCheck(rest),
    "migrate-stock": () => (needs(0), runMigration(parsed.values.apply === true)),
    "mark-shipped": () => {
      needs(0);
      const before = parsed.values.before && /^\d{4}-\d{2}-\d{2}$/.test(parsed.values.before) ? new Date(`${parsed.values.before}T00:00:00Z`) : undefined;
      if (!before || Number.isNaN(before.getTime())) throw new UsageError(`mark-shipped needs --before <YYYY-MM-DD>.\n\n${USAGE}`);
      return runMarkShipped(before, parsed.values.apply === true);
    },
    "preview-email": () => {
      if (rest.length < 1 || rest.length > 2) throw new UsageError(`preview-email takes a kind and an optional order id.\n\n${USAGE}`);
      return previewEmail(rest[0], rest[1], parsed.values.locale, parsed.values.html);
    },
  };
  const run = commands[command];
  if (!run) throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  console.error(`Working on ${await connect(parsed.values.project)}.`);
  if ((await run()) === false) process.exitCode = 1;
}

main().catch((error: unknown) => {
  // A refusal from the backend reads as it would in an app: its message.
  console.error(error instanceof UsageError ? error.message : error instanceof Refused ? refusalToHttpsError(error.refusal).message : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
