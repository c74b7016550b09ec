// The ledger check: re-derives every product's stock from its movements.
import type { LedgerReport } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { Services } from "../../firebase";
import { Panel, Said, useAction } from "./panel";

export function Ledger({ services }: { services: Services }) {
  const [reports, setReports] = useState<LedgerReport[] | undefined>();
  const [feedback, busy, run] = useAction();
  const broken = (reports ?? []).filter((report) => !report.ok);
  return (
    <Panel id="ledger-title" title="Stock ledger">
      <p>Re-derives every product's stock from its movements.</p>
      <button
        type="button"
        class="secondary"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            const result = await services.shop.admin.checkLedger();
            setReports(result);
            const bad = result.filter((report) => !report.ok).length;
            return bad === 0 ? `All ${result.length} products add up.` : `${bad} of ${result.length} products do not add up.`;
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
