// The shop's placement of units over locations, from its params: the strategy, and the
// locations' priorities (cached per instance for LOCATION_CACHE_SECONDS).
import { allocationStrategy, locationCacheSeconds } from "../config";
import type { AllocationStrategy, Placement } from "../stock/buckets";
import { locationPlacement } from "../stock/locations";

export function shopPlacement(): Promise<Placement> {
  const strategy: AllocationStrategy = allocationStrategy.value() === "most-available" ? "most-available" : "priority";
  return locationPlacement(strategy, locationCacheSeconds.value() * 1000);
}
