// An order email as it would be sent (the shop's template or the built-in one), sent nowhere.
import type { EmailPreview } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { Services } from "../../firebase";
import { Panel, Said, useAction } from "./panel";

export function EmailPreviewPanel({ services }: { services: Services }) {
  const [kind, setKind] = useState<EmailPreview["kind"]>("confirmation");
  const [orderId, setOrderId] = useState("");
  const [locale, setLocale] = useState("");
  const [preview, setPreview] = useState<EmailPreview | undefined>();
  const [feedback, busy, run] = useAction();
  return (
    <Panel id="preview-title" title="Email preview">
      <p>
        How an email looks with the shop's template (<code>emailTemplates/&lt;kind&gt;</code> in Firestore) or the built-in one. Nothing is sent.
      </p>
      <form
        class="grid"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const result = await services.shop.admin.previewEmail({ kind, ...(orderId.trim() ? { orderId: orderId.trim() } : {}), ...(locale.trim() ? { locale: locale.trim() } : {}) });
            setPreview(result);
            return result.problems.length ? `The template failed, so the built-in one would be sent: ${result.problems.join("; ")}` : `Rendered with ${result.source}.`;
          });
        }}
      >
        <label>
          Email
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as EmailPreview["kind"])}>
            <option value="confirmation">Order confirmation</option>
            <option value="cancellation">Cancellation</option>
          </select>
        </label>
        <label>
          Order id (optional: a sample order otherwise)
          <input type="text" value={orderId} onInput={(e) => setOrderId(e.currentTarget.value)} />
        </label>
        <label>
          Language (optional, e.g. de)
          <input type="text" value={locale} onInput={(e) => setLocale(e.currentTarget.value)} />
        </label>
        <div class="actions">
          <button type="submit" disabled={busy}>
            Preview
          </button>
        </div>
      </form>
      <Said feedback={feedback} />
      {preview ? (
        <div class="preview">
          <p>
            <strong>Subject:</strong> <span data-testid="preview-subject">{preview.subject}</span>
          </p>
          {/* Rendered HTML in a sandbox: no scripts, no same-origin access. */}
          <iframe title="HTML part of the email" sandbox="" srcdoc={preview.html} />
          <details>
            <summary>Plain-text part</summary>
            <pre>{preview.text}</pre>
          </details>
        </div>
      ) : null}
    </Panel>
  );
}
