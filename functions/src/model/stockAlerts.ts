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
