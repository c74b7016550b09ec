// The README's "Code layout" rule, checked: each folder of src/ imports only from folders in
// layers below it (or from itself); flows of the same layer don't import each other; and no
// module reaches itself through its imports (type-only imports count: a cycle of types is
// still two modules that can't be read apart). And the README's map is true: it shows every
// folder of src/, and every file and folder it names exists.
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SRC = resolve(__dirname, "../../src");
// Higher numbers sit on top. config.ts (deploy params) is read by every layer above the
// Firestore module, budget.ts (the per-call time budget, pure) by every layer.
// The outbox sits between the shapes and the stock module: the allocator and the flows write events.
const LAYERS: Record<string, number> = { index: 6, api: 5, orders: 4, inventory: 4, email: 4, webhooks: 4, allocator: 3, stock: 2, outbox: 1.5, model: 1, firestore: 0, config: 0, budget: -1 };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

// "api/placeOrder.ts" -> "api"; "index.ts" -> "index".
function areaOf(file: string): string {
  const [first] = relative(SRC, file).split("/");
  return (first ?? "").replace(/\.ts$/, "");
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(/(?:from\s+|import\(|require\()["'](\.{1,2}\/[^"']+)["']/g)].map((match) => match[1] as string);
  return found.map((spec) => resolve(dirname(file), spec));
}

describe("code layout", function () {
  const files = sources(SRC);

  it("puts every source folder in a layer", function () {
    const unknown = [...new Set(files.map(areaOf))].filter((area) => LAYERS[area] === undefined);
    expect(unknown, "add new folders to LAYERS and to the README's code layout").to.deep.equal([]);
  });

  it("never imports from a layer above, nor across flows of the same layer", function () {
    const violations: string[] = [];
    for (const file of files) {
      const from = areaOf(file);
      for (const target of imports(file)) {
        const to = areaOf(`${target}.ts`);
        if (to === from) continue;
        const [a, b] = [LAYERS[from] ?? -1, LAYERS[to] ?? -1];
        if (b >= a) violations.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
      }
    }
    expect(violations).to.deep.equal([]);
  });

  it("has no import cycle", function () {
    const resolveFile = (target: string) => [`${target}.ts`, join(target, "index.ts")].find((candidate) => existsSync(candidate));
    const graph = new Map(files.map((file) => [file, imports(file).flatMap((target) => resolveFile(target) ?? [])]));
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const path: string[] = [];
    const visit = (file: string) => {
      state.set(file, "visiting");
      path.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === "visiting") cycles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(SRC, f)).join(" -> "));
        else if (!state.has(next)) visit(next);
      }
      path.pop();
      state.set(file, "done");
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).to.deep.equal([]);
  });

  it("is the map the README draws: every src folder in it, and every file and folder it names there", function () {
    const root = resolve(SRC, "../..");
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Code layout"), readme.indexOf("\n## ", readme.indexOf("## Code layout") + 1));
    const rows = [...section.matchAll(/^\| `([^`]+)`/gm)].map((match) => match[1] as string);
    const listed = new Set(section.match(/`[A-Za-z][\w./-]*`/g)?.flatMap((name) => name.slice(1, -1).split(/,\s*/)) ?? []);
    for (const area of Object.keys(LAYERS)) {
      const named = area === "index" || area === "budget" || area === "config" ? `${area}.ts` : `${area}/`;
      expect(rows.some((row) => row.includes(named)) || section.includes(`\`${named}\``), `${named} in the README's code layout`).to.equal(true);
    }
    // Every file or folder the section names exists in the repository (the map stays true).
    const everything = walk(root);
    const missing = [...listed].filter((name) => /\.(ts|tsx)$|\/$/.test(name) && !everything.some((path) => path.endsWith(`/${name.replace(/\/$/, "")}`)));
    expect(missing, "named in the README's code layout but not found").to.deep.equal([]);
  });
});

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name === "lib" || entry.name === "dist" || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? [path, ...walk(path)] : [path];
  });
}
