// @firebase-inventory/client: the shop backend from a web app.
export * from "./contract";
export { ShopError, toShopError, type DetailsOf, type ShopErrorCode } from "./errors";
export { DEFAULT_RETRY, isRetryable, withRetries, type RetryPolicy } from "./retryPolicy";
export { createShopClient, newRequestId, type PlaceOrderOptions, type PlacedOrder, type ShopClient, type ShopClientOptions } from "./shopClient";
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  findOrder,
  watchActiveHolds,
  watchLocations,
  watchMyOrders,
  watchOrdersToShip,
  watchProducts,
  watchRecentOrders,
  watchUnsentConfirmations,
  watchWebhookDeliveries,
  watchWebhookEndpoints,
  type LiveDelivery,
  type LiveWebhookEndpoint,
  type LiveHold,
  type LiveLocation,
  type LiveOrder,
  type LiveProduct,
  type ProductCursor,
  type ProductFilter,
  type ProductSort,
  type ProductPageInfo,
  type ProductQuery,
  type Watcher,
} from "./live";
