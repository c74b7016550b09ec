// The shop's locations: where stock is. New ones go after the others in priority (lower gives
// units first under the "priority" allocation strategy); a location with stock can't be
// deactivated (transfer or ship its units first).
import type { LiveLocation } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { Services } from "../../firebase";
import { Panel, Said, Table, useAction } from "./panel";

export function LocationsPanel({ services, locations }: { services: Services; locations: LiveLocation[] | undefined }) {
  const [feedback, busy, run] = useAction();
  const [draft, setDraft] = useState({ locationId: "", name: "" });
  return (
    <Panel id="locations-title" title="Locations">
      <p class="hint">A shop without locations keeps all stock at "default". Units are taken from the locations in priority order (1 first).</p>
      <Said feedback={feedback} />
      <Table columns={["Location", "Priority", "Status", { hidden: "Actions" }]}>
        {(locations ?? []).map((location) => (
          <tr key={location.id} data-location-id={location.id}>
            <th scope="row">
              {location.name}
              <br />
              <code class="muted">{location.id}</code>
            </th>
            <td>
              <form
                class="inline"
                onSubmit={(event) => {
                  event.preventDefault();
                  const priority = Number(new FormData(event.currentTarget).get("priority"));
                  void run(async () => {
                    await services.shop.admin.upsertLocation({ locationId: location.id, name: location.name, priority });
                    return `${location.name}: priority ${priority}.`;
                  });
                }}
              >
                <input type="number" name="priority" min={0} defaultValue={String(location.priority)} aria-label={`Priority of ${location.name}`} />
                <button type="submit" class="secondary" disabled={busy}>
                  Set
                </button>
              </form>
            </td>
            <td>{location.active ? "active" : "inactive"}</td>
            <td>
              {location.id === "default" ? null : (
                <button
                  type="button"
                  class="secondary"
                  disabled={busy}
                  onClick={() =>
                    void run(async () => {
                      const saved = await services.shop.admin.upsertLocation({ locationId: location.id, name: location.name, active: !location.active });
                      return `${saved.name} is ${saved.active ? "active" : "inactive"}.`;
                    })
                  }
                >
                  {location.active ? "Deactivate" : "Activate"}
                </button>
              )}
            </td>
          </tr>
        ))}
      </Table>
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const saved = await services.shop.admin.upsertLocation({ locationId: draft.locationId.trim(), name: draft.name.trim() });
            setDraft({ locationId: "", name: "" });
            return `${saved.created ? "Created" : "Saved"} ${saved.name} (priority ${saved.priority}).`;
          });
        }}
      >
        <input aria-label="New location id" placeholder="id, e.g. berlin" required pattern="[A-Za-z0-9_-]+" value={draft.locationId} onInput={(e) => setDraft({ ...draft, locationId: e.currentTarget.value })} />
        <input aria-label="New location name" placeholder="Name" required value={draft.name} onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
        <button type="submit" disabled={busy}>
          Add location
        </button>
      </form>
    </Panel>
  );
}
