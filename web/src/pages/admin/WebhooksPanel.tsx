// Webhook endpoints: where the shop's events are sent (docs/events.md). Adding one shows its
// signing secret once; a rotation shows the new one and keeps the old one signing for a day.
// Each endpoint's delivery log says what was sent, how the receiver answered, and re-sends.
import {
  EVENT_TYPES,
  watchWebhookDeliveries,
  watchWebhookEndpoints,
  type LiveDelivery,
  type LiveWebhookEndpoint,
} from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { Services } from "../../firebase";
import { when } from "../../format";
import { useLive } from "../../hooks";
import { ActionButton, Panel, Said, Table, useAction } from "./panel";

const DAY_MS = 24 * 60 * 60 * 1000;

export function WebhooksPanel({ services }: { services: Services }) {
  const { items: endpoints, error } = useLive<LiveWebhookEndpoint>((onChange, onError) => watchWebhookEndpoints(services.db, { onChange, onError }), [services.db]);
  const [feedback, busy, run] = useAction();
  const [secret, setSecret] = useState<{ url: string; value: string } | undefined>();
  const [draft, setDraft] = useState({ url: "", description: "", events: "*" });
  const [showing, setShowing] = useState<string | undefined>();
  const admin = services.shop.admin;
  return (
    <Panel id="webhooks-title" title="Webhooks">
      <p class="hint">Each event (orders, holds, stock alerts) is sent, signed, to every endpoint that takes its type, and retried for up to 3 days. An endpoint that fails for a day is paused; its events wait for it.</p>
      {error ? <p class="error">{error.message}</p> : null}
      <Said feedback={feedback} />
      {secret ? (
        <p class="ok" role="status" data-testid="webhook-secret">
          Signing secret for {secret.url} (shown this once; store it with your receiver): <code>{secret.value}</code>
        </p>
      ) : null}
      <Table columns={["Endpoint", "Events", "Status", { hidden: "Actions" }]}>
        {(endpoints ?? []).map((endpoint) => (
          <tr key={endpoint.id} data-endpoint-id={endpoint.id}>
            <th scope="row">
              <code>{endpoint.url}</code>
              {endpoint.description ? <br /> : null}
              {endpoint.description}
              <br />
              <span class="muted">secrets: {endpoint.secrets.filter((s) => s.expiresAt === null || s.expiresAt.toMillis() > Date.now()).map((s) => s.hint).join(", ")}</span>
            </th>
            <td>{endpoint.events.includes("*") ? "all" : endpoint.events.join(", ")}</td>
            <td>
              {endpoint.status}
              {endpoint.status === "paused" && endpoint.pauseReason ? <span class="muted"> ({endpoint.pauseReason})</span> : null}
              {endpoint.status === "active" && endpoint.failingSince ? <span class="error"> failing since {when(endpoint.failingSince)}</span> : null}
            </td>
            <td class="actions">
              <button type="button" class="secondary" disabled={busy} onClick={() => setShowing(showing === endpoint.id ? undefined : endpoint.id)}>
                {showing === endpoint.id ? "Hide log" : "Deliveries"}
              </button>
              <ActionButton
                busy={busy}
                run={run}
                action={async () => {
                  const saved = await admin.updateWebhookEndpoint({ endpointId: endpoint.id, status: endpoint.status === "paused" ? "active" : "paused" });
                  return saved.status === "active" ? `${saved.url} resumed: what was kept for it is being sent.` : `${saved.url} paused: its events are kept until you resume it.`;
                }}
              >
                {endpoint.status === "paused" ? "Resume" : "Pause"}
              </ActionButton>
              <ActionButton
                busy={busy}
                run={run}
                action={async () => {
                  const rotated = await admin.rotateWebhookSecret({ endpointId: endpoint.id, previousSecretHours: 24 });
                  setSecret({ url: rotated.endpoint.url, value: rotated.secret });
                  return "New secret made; the old one keeps signing for 24 hours.";
                }}
              >
                Rotate secret
              </ActionButton>
              <ActionButton
                busy={busy}
                run={run}
                action={async () => {
                  const { queued } = await admin.resendWebhookEvents({ endpointId: endpoint.id, failedSince: new Date(Date.now() - DAY_MS).toISOString() });
                  return `${queued} deliveries that failed in the last 24 hours sent again.`;
                }}
              >
                Re-send failed
              </ActionButton>
              <ActionButton
                busy={busy}
                run={run}
                action={async () => {
                  if (!confirm(`Delete the endpoint ${endpoint.url}? Its events stop being sent.`)) return "Not deleted.";
                  await admin.deleteWebhookEndpoint(endpoint.id);
                  return `${endpoint.url} deleted.`;
                }}
              >
                Delete
              </ActionButton>
            </td>
          </tr>
        ))}
      </Table>
      {showing ? <DeliveryLog services={services} endpointId={showing} /> : null}
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const created = await admin.createWebhookEndpoint({ url: draft.url.trim(), events: [draft.events as "*"], ...(draft.description.trim() ? { description: draft.description.trim() } : {}) });
            setSecret({ url: created.endpoint.url, value: created.secret });
            setDraft({ url: "", description: "", events: "*" });
            return `Endpoint added: ${created.endpoint.url}.`;
          });
        }}
      >
        <input aria-label="Endpoint URL" type="url" placeholder="https://erp.example.com/shop-events" required value={draft.url} onInput={(e) => setDraft({ ...draft, url: e.currentTarget.value })} />
        <select aria-label="Event types" value={draft.events} onChange={(e) => setDraft({ ...draft, events: e.currentTarget.value })}>
          <option value="*">All events</option>
          {EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
        <input aria-label="Endpoint description" placeholder="Description" value={draft.description} onInput={(e) => setDraft({ ...draft, description: e.currentTarget.value })} />
        <button type="submit" disabled={busy}>
          Add endpoint
        </button>
      </form>
    </Panel>
  );
}

function DeliveryLog({ services, endpointId }: { services: Services; endpointId: string }) {
  const { items: deliveries, error } = useLive<LiveDelivery>((onChange, onError) => watchWebhookDeliveries(services.db, endpointId, { onChange, onError }), [services.db, endpointId]);
  const [feedback, busy, run] = useAction();
  return (
    <div data-testid="delivery-log">
      <h3>Deliveries (newest first)</h3>
      {error ? <p class="error">{error.message}</p> : null}
      <Said feedback={feedback} />
      <Table columns={["Event", "Status", "Attempts", "Last answer", { hidden: "Actions" }]}>
        {(deliveries ?? []).map((delivery) => {
          const last = delivery.log.at(-1);
          return (
            <tr key={delivery.id} data-event-id={delivery.id}>
              <th scope="row">
                {delivery.eventType}
                <br />
                <code class="muted">{delivery.id}</code>
              </th>
              <td>{delivery.status}</td>
              <td>{delivery.attempts}</td>
              <td>
                {last ? `${last.status ?? "no answer"} in ${last.latencyMs} ms, ${when(last.at)}` : "not tried yet"}
                {last?.error ? <span class="muted"> ({last.error})</span> : null}
                {delivery.failedReason ? <span class="error"> {delivery.failedReason}</span> : null}
              </td>
              <td>
                <ActionButton busy={busy} run={run} action={async () => `Queued ${(await services.shop.admin.resendWebhookEvents({ endpointId, eventId: delivery.id })).queued} delivery.`}>
                  Re-send
                </ActionButton>
              </td>
            </tr>
          );
        })}
      </Table>
    </div>
  );
}
