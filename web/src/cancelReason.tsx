// Picking why an order is cancelled, from the backend's fixed list (the buyer's email gives the
// shop's own words for it): the same control for buyers and admins, each with their reasons.
import type { CancelReason } from "@firebase-inventory/client";
import { CANCEL_REASON_LABELS } from "./labels";

export function CancelReasonSelect({ label, reasons, value, onChange, class: className }: { label: string; reasons: readonly CancelReason[]; value: CancelReason; onChange: (reason: CancelReason) => void; class?: string }) {
  return (
    <label class={className}>
      {label}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value as CancelReason)}>
        {reasons.map((code) => (
          <option value={code} key={code}>
            {CANCEL_REASON_LABELS[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
