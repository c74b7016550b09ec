// The catalog a page at a time, live, with a search by name: the storefront and the console
// read one page of product documents, never the whole collection.
import { watchProducts, type LiveLocation, type LiveProduct, type ProductCursor, type ProductFilter, type ProductPageInfo, type ProductSort } from "@firebase-inventory/client";
import type { Firestore } from "firebase/firestore";
import { useEffect, useState } from "preact/hooks";

export interface Catalog {
  products?: LiveProduct[];
  error?: Error;
  page: number;
  hasMore: boolean;
  search: string;
  setSearch: (search: string) => void;
  filter?: ProductFilter;
  // With the low-stock filter: low at this location (by its own reorder point).
  filterAt?: string;
  setFilter: (filter: ProductFilter | undefined, locationId?: string) => void;
  sort: ProductSort;
  setSort: (sort: ProductSort) => void;
  next: () => void;
  previous: () => void;
}

export function useCatalog(db: Firestore, pageSize: number): Catalog {
  const [search, setSearchText] = useState("");
  const [filter, setFilterValue] = useState<ProductFilter | undefined>();
  const [filterAt, setFilterAt] = useState<string | undefined>();
  const [sort, setSortValue] = useState<ProductSort>("name");
  // Where each page after the first starts.
  const [cursors, setCursors] = useState<ProductCursor[]>([]);
  const [state, setState] = useState<{ products?: LiveProduct[]; info?: ProductPageInfo; error?: Error }>({});
  const after = cursors.at(-1);
  useEffect(() => {
    setState({});
    return watchProducts(db, {
      pageSize,
      search,
      ...(filter ? { filter } : {}),
      ...(filterAt ? { locationId: filterAt } : {}),
      sort,
      ...(after ? { after } : {}),
      onChange: (products, info) => setState({ products, info }),
      onError: (error) => setState({ error }),
    });
  }, [db, pageSize, search, filter, filterAt, sort, after?.name, after?.id, after?.quantity]);
  return {
    ...(state.products ? { products: state.products } : {}),
    ...(state.error ? { error: state.error } : {}),
    page: cursors.length + 1,
    hasMore: state.info?.hasMore ?? false,
    search,
    setSearch: (text) => {
      setSearchText(text);
      // A search lists by name (see watchProducts).
      if (text.trim()) setSortValue("name");
      setCursors([]);
    },
    ...(filter ? { filter } : {}),
    ...(filterAt ? { filterAt } : {}),
    setFilter: (value, locationId) => {
      setFilterValue(value);
      setFilterAt(value === "low-stock" ? locationId : undefined);
      setCursors([]);
    },
    sort,
    setSort: (value) => {
      setSortValue(value);
      setCursors([]);
    },
    next: () => {
      const next = state.info?.next;
      if (next) setCursors([...cursors, next]);
    },
    previous: () => setCursors(cursors.slice(0, -1)),
  };
}

// `filters`: the console's "low stock" and "sold out" views and sorting by what is available
// (the storefront shows everything, by name).
// `locations`: for "low stock at <location>" (each location by its own reorder point).
export function CatalogControls({ catalog, label, filters = false, locations = [] }: { catalog: Catalog; label: string; filters?: boolean; locations?: LiveLocation[] }) {
  const shown = catalog.filter === "low-stock" && catalog.filterAt ? `low-stock@${catalog.filterAt}` : (catalog.filter ?? "");
  return (
    <div class="catalog-controls">
      <label class="inline-label">
        {label}
        <input type="search" value={catalog.search} placeholder="Name starts with..." onInput={(e) => catalog.setSearch(e.currentTarget.value)} />
      </label>
      {filters ? (
        <label class="inline-label">
          Show
          <select
            value={shown}
            onChange={(e) => {
              const [value, at] = e.currentTarget.value.split("@");
              catalog.setFilter((value || undefined) as ProductFilter | undefined, at);
            }}
          >
            <option value="">all products</option>
            <option value="low-stock">low stock (at or below the reorder point)</option>
            {locations.map((location) => (
              <option key={location.id} value={`low-stock@${location.id}`}>
                low stock at {location.name}
              </option>
            ))}
            <option value="out-of-stock">sold out</option>
          </select>
        </label>
      ) : null}
      {filters ? (
        <label class="inline-label">
          Sort by
          <select value={catalog.sort} onChange={(e) => catalog.setSort(e.currentTarget.value as ProductSort)}>
            <option value="name">name</option>
            {/* Firestore orders a search on the name by the name. */}
            <option value="available" disabled={catalog.search.trim() !== ""}>
              available, least first
            </option>
          </select>
        </label>
      ) : null}
      <nav class="pager" aria-label={`${label}: pages`}>
        <button type="button" class="secondary" disabled={catalog.page === 1} onClick={catalog.previous}>
          Previous page
        </button>
        <span data-testid="catalog-page">Page {catalog.page}</span>
        <button type="button" class="secondary" disabled={!catalog.hasMore} onClick={catalog.next}>
          Next page
        </button>
      </nav>
    </div>
  );
}
