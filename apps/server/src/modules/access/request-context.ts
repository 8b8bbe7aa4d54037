import type { Access } from './access.js';

/** The GraphQL context of every operation, over HTTP and over WebSocket. */
export interface RequestContext {
  access: Access;
}
