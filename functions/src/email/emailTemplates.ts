// The order emails' templates (Handlebars): the defaults that ship with the functions, and
// the shape of a shop's override in Firestore (`emailTemplates/{kind}` or
// `emailTemplates/{kind}_{locale}`). `{{x}}` escapes HTML in the html part; subject and text
// are plain text and are not HTML-escaped (the subject is also kept on one line).
import { z } from "zod";
import { EMAIL_KINDS, type EmailKind } from "../model/orderEmails";

export { EMAIL_KINDS, type EmailKind };

export interface EmailTemplate {
  subject: string;
  text: string;
  html: string;
  // Named snippets for `{{> name}}`; an override's partials shadow the defaults.
  partials?: Record<string, string>;
}

export const templateOverrideSchema = z.strictObject({
  subject: z.string().max(1_000).optional(),
  text: z.string().max(100_000).optional(),
  html: z.string().max(500_000).optional(),
  partials: z.record(z.string().regex(/^[A-Za-z][\w-]*$/), z.string().max(100_000)).optional(),
  // Free-form bookkeeping (who edited it, when) is allowed and ignored.
  updatedAt: z.unknown().optional(),
  updatedBy: z.unknown().optional(),
  note: z.unknown().optional(),
});
export type TemplateOverride = z.infer<typeof templateOverrideSchema>;

export const DEFAULT_PARTIALS: Record<string, string> = {
  textItems: `{{#each order.items}}
- {{quantity}} x {{name}} @ {{unitPrice}} = {{amount}}
{{/each}}
Total: {{order.total}}`,
  textFooter: `Your order reference: {{order.reference}} (order id {{order.id}}).
{{#if shop.supportEmail}}Questions? Write to {{shop.supportEmail}} and quote your reference.
{{/if}}{{shop.name}}`,
  textAddress: `{{#with order.shippingAddress}}Ships to:
{{name}}
{{#each lines}}{{this}}
{{/each}}{{postalCode}} {{city}}{{#if region}}, {{region}}{{/if}}
{{countryName}}

{{/with}}`,
  htmlAddress: `{{#with order.shippingAddress}}<p>Ships to:<br>{{name}}<br>{{#each lines}}{{this}}<br>{{/each}}{{postalCode}} {{city}}{{#if region}}, {{region}}{{/if}}<br>{{countryName}}</p>{{/with}}`,
  htmlHeader: `{{#if shop.logoUrl}}<p><img src="{{shop.logoUrl}}" alt="{{shop.name}}" height="48"></p>{{else}}<h2>{{shop.name}}</h2>{{/if}}`,
  htmlItems: `<table cellpadding="4">
<thead><tr><th align="left">Product</th><th>Qty</th><th>Unit price</th><th>Amount</th></tr></thead>
<tbody>
{{#each order.items}}<tr><td>{{name}}</td><td align="right">{{quantity}}</td><td align="right">{{unitPrice}}</td><td align="right">{{amount}}</td></tr>
{{/each}}</tbody>
<tfoot><tr><td colspan="3" align="right"><strong>Total</strong></td><td align="right"><strong>{{order.total}}</strong></td></tr></tfoot>
</table>`,
  htmlFooter: `<p>Your order reference: <strong>{{order.reference}}</strong><br><small>Order id {{order.id}}</small></p>
{{#if shop.supportEmail}}<p>Questions? Write to <a href="mailto:{{shop.supportEmail}}">{{shop.supportEmail}}</a> and quote your reference.</p>{{/if}}`,
};

export const DEFAULT_TEMPLATES: Record<EmailKind, EmailTemplate> = {
  confirmation: {
    subject: "{{shop.name}}: order {{order.reference}} confirmed",
    text: `Thank you for your order!

Order {{order.reference}}
{{> textItems}}

{{> textAddress}}{{> textFooter}}
`,
    html: `<!doctype html>
<html><body>
{{> htmlHeader}}
<p>Thank you for your order!</p>
<p>Order <strong>{{order.reference}}</strong></p>
{{> htmlItems}}
{{> htmlAddress}}
{{> htmlFooter}}
</body></html>
`,
  },
  cancellation: {
    subject: "{{shop.name}}: order {{order.reference}} cancelled",
    text: `Your order has been cancelled.
{{#if order.cancellationReason}}Reason: {{order.cancellationReason}}
{{/if}}
Order {{order.reference}}
{{> textItems}}
{{#if order.shippedBefore}}
Already shipped, and still on its way to you:
{{#each order.shippedBefore}}- {{quantity}} x {{name}}
{{/each}}{{/if}}

{{> textFooter}}
`,
    html: `<!doctype html>
<html><body>
{{> htmlHeader}}
<p>Your order has been cancelled.</p>
{{#if order.cancellationReason}}<p>Reason: {{order.cancellationReason}}</p>{{/if}}
<p>Order <strong>{{order.reference}}</strong></p>
{{> htmlItems}}
{{#if order.shippedBefore}}<p>Already shipped, and still on its way to you:</p>
<ul>{{#each order.shippedBefore}}<li>{{quantity}} x {{name}}</li>{{/each}}</ul>{{/if}}
{{> htmlFooter}}
</body></html>
`,
  },
  shipment: {
    subject: "{{shop.name}}: order {{order.reference}} {{#if shipment.complete}}has shipped{{else}}has partly shipped{{/if}}",
    text: `{{#if shipment.complete}}The rest of your order is on its way!{{else}}Part of your order is on its way!{{/if}}

Order {{order.reference}}
In this shipment:
{{#each shipment.lines}}- {{quantity}} x {{name}}
{{/each}}
{{#if shipment.carrier}}Carrier: {{shipment.carrier}}
{{/if}}{{#if shipment.trackingNumber}}Tracking number: {{shipment.trackingNumber}}
{{/if}}{{#unless shipment.complete}}
The rest follows in another shipment.
{{/unless}}
{{> textAddress}}{{> textFooter}}
`,
    html: `<!doctype html>
<html><body>
{{> htmlHeader}}
<p>{{#if shipment.complete}}The rest of your order is on its way!{{else}}Part of your order is on its way!{{/if}}</p>
<p>Order <strong>{{order.reference}}</strong></p>
<p>In this shipment:</p>
<ul>{{#each shipment.lines}}<li>{{quantity}} x {{name}}</li>{{/each}}</ul>
{{#if shipment.carrier}}<p>Carrier: {{shipment.carrier}}</p>{{/if}}
{{#if shipment.trackingNumber}}<p>Tracking number: <strong>{{shipment.trackingNumber}}</strong></p>{{/if}}
{{#unless shipment.complete}}<p>The rest follows in another shipment.</p>{{/unless}}
{{> htmlAddress}}
{{> htmlFooter}}
</body></html>
`,
  },
};
