// The ledger check: re-derives every product's stock from its movements, page by page.
import type { LedgerReport } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { Services } from "../../firebase";
import { Panel, Said, useAction } from "./panel";

export function Ledger({ services }: { services: Services }) {
  // Only the products that don't add up are kept: the catalog may hold thousands.
  const [broken, setBroken] = useState<LedgerReport[]>([]);
  const [feedback, busy, run] = useAction();
  return (
    <Panel id="ledger-title" title="Stock ledger">
      <p>Re-derives every product's stock from its movements, a page of the catalog at a time.</p>
      <button
        type="button"
        class="secondary"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            let checked = 0;
            const bad: LedgerReport[] = [];
            setBroken([]);
            for await (const page of services.shop.admin.checkLedgerPages()) {
              checked += page.checked;
              bad.push(...page.reports.filter((report) => !report.ok));
              setBroken([...bad]);
            }
            return bad.length === 0 ? `All ${checked} products add up.` : `${bad.length} of ${checked} products do not add up.`;
          })
        }
      >
        Check the ledger
      </button>
      <Said feedback={feedback} />
      <ul class="plain">
        {broken.map((report) => (
          <li key={report.productId}>
            <code>{report.productId}</code>: {report.problems.join("; ")}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
