// A location document (locations/{locationId}), shared with apps: where stock is.
export interface LocationDocument {
  name: string;
  active: boolean;
  // Lower gives units first under the "priority" allocation strategy.
  priority: number;
}

// What upsertLocation answers.
export type LocationView = LocationDocument & { locationId: string; created: boolean };
