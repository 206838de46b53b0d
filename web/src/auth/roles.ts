// Which console pages each role may open. It mirrors the API's policy
// (internal/httpapi/policy.go): a page is shown to the roles that may call
// the reads it is built on. The server still decides every call; this only
// keeps the menu honest and gives a 403 page instead of a page of errors.
import type { Role } from '../api/types';

export const allRoles: Role[] = ['admin', 'finance', 'operations', 'warehouse', 'purchasing', 'viewer'];

/** Who may do what on a page, named after the API's role groups. */
export const can = {
  orderDesk: ['admin', 'operations'] as Role[], // approve, hold, cancel, retry
  shippers: ['admin', 'operations', 'warehouse'] as Role[],
  merchandisers: ['admin', 'operations', 'purchasing'] as Role[], // map SKUs (PUT /listings)
  stockKeepers: ['admin', 'warehouse'] as Role[], // receive stock
  readers: ['admin', 'finance', 'viewer'] as Role[], // the books
  bookkeepers: ['admin', 'finance'] as Role[], // import and reconcile settlements, close periods, push to ERPs, issue invoices
  invoiceReaders: ['admin', 'finance', 'operations', 'viewer'] as Role[], // GET /api/v1/invoices
  admins: ['admin'] as Role[],
  rawPayloads: ['admin'] as Role[], // GET /api/v1/raw-events
};

export function allows(roles: Role[], role: Role | undefined): boolean {
  return !!role && roles.includes(role);
}
