// Confirmations that failed or are stuck, with a re-send each and "sweep now".
import { watchUnsentConfirmations, type LiveOrder } from "@firebase-inventory/client";
import type { Services } from "../../firebase";
import { useLive } from "../../hooks";
import { EMAIL_STATUS } from "../../labels";
import { Panel, Said, useAction } from "./panel";

// A send that has not finished after this long is stuck (the email lease is 2 minutes).
const STUCK_AFTER_MS = 3 * 60_000;

export function UnsentConfirmations({ services }: { services: Services }) {
  const { items: orders, error } = useLive<LiveOrder>((onChange, onError) => watchUnsentConfirmations(services.db, { onChange, onError }), [services.db]);
  const [feedback, busy, run] = useAction();
  const now = Date.now();
  const problems = (orders ?? []).filter((order) => order.confirmation.status === "failed" || now - (order.createdAt?.toMillis() ?? now) > STUCK_AFTER_MS);
  return (
    <Panel id="unsent-title" title="Confirmations that failed or are stuck">
      {error ? <p class="error">{error.message}</p> : null}
      <Said feedback={feedback} />
      {problems.length === 0 ? <p>None: every confirmation was sent or is on its way.</p> : null}
      <ul class="plain">
        {problems.map((order) => (
          <li key={order.id}>
            <code>{order.id.slice(0, 12)}</code> to {order.email}: {EMAIL_STATUS[order.confirmation.status]} after {order.confirmation.attempts} attempt(s)
            {order.confirmation.lastError ? ` (${order.confirmation.lastError})` : ""}{" "}
            <button
              type="button"
              disabled={busy}
              aria-label={`Re-send confirmation of order ${order.id}`}
              onClick={() =>
                void run(async () => {
                  const { outcome } = await services.shop.admin.resendConfirmation(order.id);
                  return `Re-send of ${order.id}: ${outcome}.`;
                })
              }
            >
              Re-send
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="secondary"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            const summary = await services.shop.admin.sweepConfirmationsNow({ minAgeSeconds: 60 });
            const outcomes = Object.entries(summary.outcomes).map(([outcome, count]) => `${count} ${outcome}`);
            return `Sweep found ${summary.found} email(s)${outcomes.length ? `: ${outcomes.join(", ")}` : ""}.`;
          })
        }
      >
        Sweep now
      </button>
    </Panel>
  );
}
