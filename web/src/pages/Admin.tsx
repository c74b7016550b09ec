// The admin console: one panel per job (stock, products, pick list, returns, orders,
// locations, emails, holds, ledger, email preview, webhooks), for accounts with the `admin: true` claim; warehouse accounts
// (`fulfilment: true`) get the pick list.
import { DEFAULT_LOCATION, watchLocations, type LiveLocation } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import { CatalogControls, useCatalog } from "../catalog";
import type { Services } from "../firebase";
import { EmailPreviewPanel } from "./admin/EmailPreview";
import { HoldsPanel } from "./admin/HoldsPanel";
import { useLive } from "../hooks";
import { Ledger } from "./admin/Ledger";
import { LocationsPanel } from "./admin/LocationsPanel";
import { PickList } from "./admin/PickList";
import { ReturnsPanel } from "./admin/ReturnsPanel";
import { ProductForm } from "./admin/ProductForm";
import { RecentOrders } from "./admin/RecentOrders";
import { StockPanel } from "./admin/StockPanel";
import { UnsentConfirmations } from "./admin/UnsentConfirmations";
import { WebhooksPanel } from "./admin/WebhooksPanel";

// Rows of the stock table per page.
const CONSOLE_PAGE_SIZE = 50;

export function Admin({ services, admin, fulfilment }: { services: Services; admin: boolean; fulfilment: boolean }) {
  if (!admin && fulfilment) {
    return (
      <div class="admin">
        <h1>Warehouse</h1>
        <PickList services={services} />
        <ReturnsPanel services={services} />
      </div>
    );
  }
  if (!admin) {
    return (
      <section class="panel narrow" aria-labelledby="admin-title">
        <h1 id="admin-title">Admin console</h1>
        <p class="error" role="alert">
          Not authorized: this console is for shop admins. Ask an admin to grant your account access (<code>npm run admin -- grant-admin &lt;email&gt;</code>).
        </p>
      </section>
    );
  }
  return <Console services={services} />;
}

function Console({ services }: { services: Services }) {
  const catalog = useCatalog(services.db, CONSOLE_PAGE_SIZE);
  const { products, error } = catalog;
  const [editingId, setEditingId] = useState<string | undefined>();
  const { items: locations } = useLive<LiveLocation>((onChange, onError) => watchLocations(services.db, { onChange, onError }), [services.db]);
  // Every location stock can be at: the default one exists without a document.
  const known = locations ?? [];
  const choices = known.some((location) => location.id === DEFAULT_LOCATION) ? known : [{ id: DEFAULT_LOCATION, name: "Default", active: true, priority: 0 }, ...known];
  const editing = products?.find((product) => product.id === editingId);
  return (
    <div class="admin">
      <h1>Admin console</h1>
      <StockPanel
        services={services}
        locations={choices}
        controls={<CatalogControls catalog={catalog} label="Find products" filters locations={choices.length > 1 ? choices : []} />}
        products={products}
        error={error}
        onEdit={(product) => {
          setEditingId(product.id);
          document.getElementById("product-title")?.scrollIntoView();
        }}
      />
      <ProductForm services={services} editing={editing} locations={choices} onDone={() => setEditingId(undefined)} />
      <PickList services={services} />
      <ReturnsPanel services={services} />
      <RecentOrders services={services} />
      <LocationsPanel services={services} locations={locations} />
      <UnsentConfirmations services={services} />
      <HoldsPanel services={services} />
      <Ledger services={services} />
      <EmailPreviewPanel services={services} />
      <WebhooksPanel services={services} />
    </div>
  );
}
