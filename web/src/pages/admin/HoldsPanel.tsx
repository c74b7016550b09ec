// Checkout holds the sweep could not end: active long past their time, usually because a
// product's document is broken so its units can't go back. Nothing is lost meanwhile; fixing
// the product lets the next sweep end them. "Sweep now" says what it found.
import { watchActiveHolds, type HoldSweepSummary, type LiveHold } from "@firebase-inventory/client";
import { useEffect, useState } from "preact/hooks";
import type { Services } from "../../firebase";
import { when } from "../../format";
import { useLive } from "../../hooks";
import { Panel, Said, useAction } from "./panel";

// The sweep runs every minute: a hold still active this long after its time is stuck.
const STUCK_AFTER_MS = 2 * 60_000;
const HOLDS_SHOWN = 100;

function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function summaryText(summary: HoldSweepSummary): string {
  const parts = [`${summary.expired} expired`];
  if (summary.writtenOff) parts.push(`${summary.writtenOff} with units of a deleted product (written off)`);
  if (summary.failed) parts.push(`${summary.failed} failed and will be retried`);
  if (summary.blocked.length) parts.push(`${summary.blocked.length} can't end until a product is fixed: ${summary.blocked.map((b) => b.productId).join(", ")}`);
  return `The sweep found ${summary.found} hold(s) past their time: ${parts.join("; ")}.`;
}

export function HoldsPanel({ services }: { services: Services }) {
  const { items: holds, error } = useLive<LiveHold>((onChange, onError) => watchActiveHolds(services.db, { onChange, onError }, HOLDS_SHOWN), [services.db]);
  const [feedback, busy, run] = useAction();
  const now = useNow(30_000);
  const stuck = (holds ?? []).filter((hold) => hold.expiresAt.toMillis() < now - STUCK_AFTER_MS);
  return (
    <Panel id="holds-title" title="Checkout holds">
      {error ? <p class="error">{error.message}</p> : null}
      <p>
        {holds?.length === HOLDS_SHOWN ? `The first ${HOLDS_SHOWN} active holds (by time).` : `${holds?.length ?? 0} active.`} {stuck.length === 0 ? "None is stuck past its time." : `${stuck.length} past their time and not ended:`}
      </p>
      <ul class="plain" data-testid="stuck-holds">
        {stuck.map((hold) => (
          <li key={hold.id}>
            <code>{hold.id.slice(0, 12)}</code> of {hold.email}, due {when(hold.expiresAt)}: {hold.items.map((line) => `${line.quantity} x ${line.productId}`).join(", ")}
          </li>
        ))}
      </ul>
      <Said feedback={feedback} />
      <button type="button" class="secondary" disabled={busy} onClick={() => void run(async () => summaryText(await services.shop.admin.sweepHoldsNow()))}>
        Sweep holds now
      </button>
    </Panel>
  );
}
