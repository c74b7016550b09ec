// The admins' alert emails as templates (Handlebars, like the order emails): the defaults here,
// and a shop's own in Firestore (`emailTemplates/stockAlerts`, `emailTemplates/webhookPaused`,
// the same fields as an order email's override). A broken override falls back to the default
// and is logged, so an alert is never lost to a typo.
import * as logger from "firebase-functions/logger";
import Handlebars from "handlebars";
import { emailTemplateRef } from "../firestore/paths";
import { describeIssues } from "../model/validationIssues";
import { templateOverrideSchema, type EmailTemplate } from "./emailTemplates";
import { headerSafe, type RenderedEmail } from "./renderTemplate";

export type AdminEmailKind = "stockAlerts" | "webhookPaused";

export interface AdminEmailContext {
  shop: { name: string };
  // stockAlerts: one line per alert.
  alerts?: { productId: string; name: string; available: number; crossings: { alert: string; text: string; locationId?: string }[] }[];
  // webhookPaused.
  endpoint?: { url: string; reason: string };
}

const DEFAULTS: Record<AdminEmailKind, EmailTemplate> = {
  stockAlerts: {
    subject: "{{shop.name}}: stock alerts for {{alerts.length}} product(s)",
    text: `{{#each alerts}}- {{name}} ({{productId}}): {{#each crossings}}{{text}}{{#if locationId}} at {{locationId}}{{/if}}{{#unless @last}}, {{/unless}}{{/each}}; {{available}} available in all.
{{/each}}
The admin console's catalog filter "Low stock" lists every product at or below its reorder point.
`,
    html: `<!doctype html>
<html><body>
<h2>{{shop.name}}: stock alerts</h2>
<ul>{{#each alerts}}<li><strong>{{name}}</strong> ({{productId}}): {{#each crossings}}{{text}}{{#if locationId}} at {{locationId}}{{/if}}{{#unless @last}}, {{/unless}}{{/each}}; {{available}} available in all.</li>{{/each}}</ul>
<p>The admin console's catalog filter "Low stock" lists every product at or below its reorder point.</p>
</body></html>
`,
  },
  webhookPaused: {
    subject: "{{shop.name}}: webhook endpoint paused ({{endpoint.url}})",
    text: `Deliveries to the webhook endpoint {{endpoint.url}} kept failing, so it is paused.

{{endpoint.reason}}

Its events are kept and will be delivered when you resume it (admin console, Webhooks; or updateWebhookEndpoint with status "active").
`,
    html: `<!doctype html>
<html><body>
<p>Deliveries to the webhook endpoint <code>{{endpoint.url}}</code> kept failing, so it is paused.</p>
<p>{{endpoint.reason}}</p>
<p>Its events are kept and will be delivered when you resume it (admin console, Webhooks; or updateWebhookEndpoint with status "active").</p>
</body></html>
`,
  },
};

function render(template: EmailTemplate, context: AdminEmailContext): RenderedEmail {
  const handlebars = Handlebars.create();
  for (const [name, source] of Object.entries(template.partials ?? {})) handlebars.registerPartial(name, source);
  const plain = (source: string) => handlebars.compile(source, { noEscape: true })(context);
  return { subject: headerSafe(plain(template.subject)), text: plain(template.text), html: handlebars.compile(template.html)(context) };
}

export async function renderAdminEmail(kind: AdminEmailKind, context: AdminEmailContext): Promise<RenderedEmail> {
  const fallback = DEFAULTS[kind];
  const snapshot = await emailTemplateRef(kind).get();
  if (!snapshot.exists) return render(fallback, context);
  const parsed = templateOverrideSchema.safeParse(snapshot.data());
  try {
    if (!parsed.success) throw new Error(describeIssues(parsed.error, { whole: "document" }));
    const { subject, text, html, partials } = parsed.data;
    const email = render({ subject: subject ?? fallback.subject, text: text ?? fallback.text, html: html ?? fallback.html, ...(partials ? { partials } : {}) }, context);
    if (!email.subject) throw new Error("the subject renders empty");
    return email;
  } catch (error) {
    logger.error("admin email template broken; the built-in one was sent", { template: snapshot.ref.path, problem: (error instanceof Error ? error.message : String(error)).slice(0, 300) });
    return render(fallback, context);
  }
}
