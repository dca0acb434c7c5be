export { NetconfSession } from './session';
export type { NetconfHost, TableService, Row, SessionRow } from './host';
