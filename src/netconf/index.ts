export { NetconfSession, MAX_MESSAGE } from './session';
export type { SessionOptions } from './session';
export type { NetconfHost, TableService, Row, SessionRow } from './host';
export { RpcError } from './errors';
