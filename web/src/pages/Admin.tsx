// The admin console: one panel per job (stock, products, orders, emails, holds, ledger,
// email preview), for accounts with the `admin: true` claim.
import { watchProducts, type LiveProduct } from "@firebase-inventory/client";
import { useState } from "preact/hooks";
import type { Services } from "../firebase";
import { useLive } from "../hooks";
import { EmailPreviewPanel } from "./admin/EmailPreview";
import { HoldsPanel } from "./admin/HoldsPanel";
import { Ledger } from "./admin/Ledger";
import { ProductForm } from "./admin/ProductForm";
import { RecentOrders } from "./admin/RecentOrders";
import { StockPanel } from "./admin/StockPanel";
import { UnsentConfirmations } from "./admin/UnsentConfirmations";

export function Admin({ services, admin }: { services: Services; admin: boolean }) {
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
  const { items: products, error } = useLive<LiveProduct>((onChange, onError) => watchProducts(services.db, { onChange, onError }), [services.db]);
  const [editingId, setEditingId] = useState<string | undefined>();
  const editing = products?.find((product) => product.id === editingId);
  return (
    <div class="admin">
      <h1>Admin console</h1>
      <StockPanel
        services={services}
        products={products}
        error={error}
        onEdit={(product) => {
          setEditingId(product.id);
          document.getElementById("product-title")?.scrollIntoView();
        }}
      />
      <ProductForm services={services} editing={editing} onDone={() => setEditingId(undefined)} />
      <RecentOrders services={services} />
      <UnsentConfirmations services={services} />
      <HoldsPanel services={services} />
      <Ledger services={services} />
      <EmailPreviewPanel services={services} />
    </div>
  );
}
