// When a product's stock crosses a line a shop cares about: low stock (available at or below the
// reorder point), out of stock (nothing available) and back in stock. Pure: every stock write
// runs it on the product's stored alert state and the new available count, and writes the state
// back in the same commit (with the crossing's event). Each alert fires once per crossing and
// re-arms only when available rises above its line plus a margin (param ALERT_REARM_MARGIN), so
// units held and released at the edge of the line (a checkout hold taken, then expiring) don't
// make it flap.

export type AlertCrossing = "low_stock" | "out_of_stock" | "back_in_stock";

// "fired": the alert went off and has not re-armed yet. Absent: armed.
export interface AlertState {
  lowStock?: "fired";
  outOfStock?: "fired";
}

export interface AlertInput {
  available: number;
  reorderPoint?: number;
  margin: number;
}

export function nextAlerts(state: AlertState, { available, reorderPoint, margin }: AlertInput): { state: AlertState; crossings: AlertCrossing[] } {
  const crossings: AlertCrossing[] = [];
  let lowStock = state.lowStock;
  let outOfStock = state.outOfStock;
  if (reorderPoint === undefined) lowStock = undefined;
  else if (lowStock !== "fired" && available <= reorderPoint) {
    lowStock = "fired";
    crossings.push("low_stock");
  } else if (lowStock === "fired" && available > reorderPoint + margin) lowStock = undefined;
  if (outOfStock !== "fired" && available === 0) {
    outOfStock = "fired";
    crossings.push("out_of_stock");
  } else if (outOfStock === "fired" && available > margin) {
    outOfStock = undefined;
    crossings.push("back_in_stock");
  }
  return { state: { ...(lowStock ? { lowStock } : {}), ...(outOfStock ? { outOfStock } : {}) }, crossings };
}

// A product's alert states: for its total, and for each location with its own reorder point.
export interface ProductAlertState {
  product?: AlertState;
  locations?: Record<string, AlertState>;
}

export interface StockLevels {
  available: number;
  reorderPoint?: number;
  // Available units and the reorder point of each location that has one.
  locations: Record<string, { available: number; reorderPoint: number }>;
}

export interface Crossing {
  alert: AlertCrossing;
  // Absent: the product's total.
  locationId?: string;
}

// Most urgent first: a commit that crosses several lines is one event, of the most urgent type.
const URGENCY: AlertCrossing[] = ["out_of_stock", "low_stock", "back_in_stock"];

export function mostUrgent(crossings: Crossing[]): AlertCrossing | undefined {
  return URGENCY.find((alert) => crossings.some((crossing) => crossing.alert === alert));
}

function isArmed(state: AlertState): boolean {
  return state.lowStock === undefined && state.outOfStock === undefined;
}

// The crossings from `before` to `after` levels. Armed states are not stored, so a stored state
// without an entry is armed; a product without any (created, or from before alerts existed)
// starts from what `before` says, so only a real crossing fires.
export function stockCrossings(stored: ProductAlertState | undefined, before: StockLevels, after: StockLevels, margin: number): { state: ProductAlertState; crossings: Crossing[] } {
  const start = (state: AlertState | undefined, available: number, reorderPoint: number | undefined) =>
    stored ? (state ?? {}) : nextAlerts({}, { available, ...(reorderPoint !== undefined ? { reorderPoint } : {}), margin }).state;
  const crossings: Crossing[] = [];
  const productNext = nextAlerts(start(stored?.product, before.available, before.reorderPoint), { available: after.available, ...(after.reorderPoint !== undefined ? { reorderPoint: after.reorderPoint } : {}), margin });
  crossings.push(...productNext.crossings.map((alert) => ({ alert })));
  const locations: Record<string, AlertState> = {};
  for (const [locationId, level] of Object.entries(after.locations)) {
    const was = before.locations[locationId];
    const next = nextAlerts(start(stored?.locations?.[locationId], was?.available ?? level.available, was?.reorderPoint ?? level.reorderPoint), { ...level, margin });
    crossings.push(...next.crossings.map((alert) => ({ alert, locationId })));
    if (!isArmed(next.state)) locations[locationId] = next.state;
  }
  const state: ProductAlertState = {
    ...(isArmed(productNext.state) ? {} : { product: productNext.state }),
    ...(Object.keys(locations).length ? { locations } : {}),
  };
  return { state, crossings };
}
