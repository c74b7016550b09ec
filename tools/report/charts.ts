// Charts as standalone SVG (vega-lite compiled and rendered headless), embedded in one
// HTML file that opens anywhere without network access.
import type { TopLevelSpec } from "vega-lite";

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vl = await import("vega-lite");
  const vega = await import("vega");
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

export interface Section {
  title: string;
  html?: string;
  chart?: TopLevelSpec;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function htmlReport(title: string, sections: Section[]): Promise<string> {
  const body: string[] = [];
  for (const section of sections) {
    body.push(`<section><h2>${escape(section.title)}</h2>`);
    if (section.html) body.push(section.html);
    if (section.chart) body.push(`<div class="chart">${await renderSvg(section.chart)}</div>`);
    body.push("</section>");
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}.ok{color:#11772d;font-weight:600}.fail{color:#b00020;font-weight:600}
section{margin-bottom:2rem}
</style></head><body><h1>${escape(title)}</h1>
${body.join("\n")}
</body></html>
`;
}

export function htmlTable(headers: string[], rows: (string | number)[][]): string {
  const head = headers.map((h) => `<th>${escape(h)}</th>`).join("");
  const lines = rows.map((row) => `<tr>${row.map((cell) => `<td>${typeof cell === "number" ? cell : cell}</td>`).join("")}</tr>`);
  return `<table><thead><tr>${head}</tr></thead><tbody>${lines.join("")}</tbody></table>`;
}

export function verdict(ok: boolean): string {
  return ok ? '<span class="ok">PASS</span>' : '<span class="fail">FAIL</span>';
}
