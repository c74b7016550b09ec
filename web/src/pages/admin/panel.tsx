// What every admin panel shares: a titled section, one action at a time with its result or
// refusal said in one place, the small number forms of the stock table, and the location picker.
import { ShopError } from "@firebase-inventory/client";
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { describe } from "../../messages";

export type Feedback = { ok: boolean; text: string } | undefined;

// Runs an admin action and reports its result or refusal.
export function useAction(): [Feedback, boolean, (work: () => Promise<string>) => Promise<void>] {
  const [feedback, setFeedback] = useState<Feedback>();
  const [busy, setBusy] = useState(false);
  async function run(work: () => Promise<string>) {
    setBusy(true);
    setFeedback(undefined);
    try {
      setFeedback({ ok: true, text: await work() });
    } catch (e) {
      setFeedback({ ok: false, text: e instanceof ShopError ? describe(e) : String(e) });
    } finally {
      setBusy(false);
    }
  }
  return [feedback, busy, run];
}

// A secondary button that runs one admin action through `run` (its result or refusal is said by <Said>).
export function ActionButton({ busy, run, action, children }: { busy: boolean; run: (work: () => Promise<string>) => Promise<void>; action: () => Promise<string>; children: ComponentChildren }) {
  return (
    <button type="button" class="secondary" disabled={busy} onClick={() => void run(action)}>
      {children}
    </button>
  );
}

export function Said({ feedback }: { feedback: Feedback }) {
  if (!feedback) return null;
  return feedback.ok ? (
    <p class="ok" role="status">
      {feedback.text}
    </p>
  ) : (
    <p class="error" role="alert">
      {feedback.text}
    </p>
  );
}

export function Panel({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function NumberAction({ label, button, min, busy, describedBy, onSubmit }: { label: string; button: string; min: number; busy: boolean; describedBy?: string; onSubmit: (value: number) => Promise<void> }) {
  const [value, setValue] = useState("");
  return (
    <form
      class="inline"
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit(Number(value)).then(() => setValue(""));
      }}
    >
      <input type="number" min={min} required aria-label={label} aria-describedby={describedBy} value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>
        {button}
      </button>
    </form>
  );
}

// A table that scrolls sideways on small screens, with its column headers (a column of
// buttons gets a header only screen readers see).
export function Table({ columns, children }: { columns: (string | { hidden: string })[]; children: ComponentChildren }) {
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={typeof column === "string" ? column : column.hidden}>
                {typeof column === "string" ? column : <span class="visually-hidden">{column.hidden}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

// Picks a location by name; `all`: a first choice for every location (the value "").
export function LocationPicker({
  label,
  ariaLabel,
  locations,
  value,
  all,
  onChange,
}: {
  label: string;
  ariaLabel: string;
  locations: { id: string; name: string }[];
  value: string;
  all?: string;
  onChange: (locationId: string) => void;
}) {
  return (
    <label class="inline-label">
      {label}
      <select aria-label={ariaLabel} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {all ? <option value="">{all}</option> : null}
        {locations.map((location) => (
          <option key={location.id} value={location.id}>
            {location.name}
          </option>
        ))}
      </select>
    </label>
  );
}
