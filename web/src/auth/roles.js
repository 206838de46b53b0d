export const allRoles = ['admin', 'finance', 'operations', 'warehouse', 'purchasing', 'viewer'];
/** Who may do what on a page, named after the API's role groups. */
export const can = {
    orderDesk: ['admin', 'operations'], // approve, hold, cancel, retry
    shippers: ['admin', 'operations', 'warehouse'],
    merchandisers: ['admin', 'operations', 'purchasing'], // map SKUs (PUT /listings)
    stockKeepers: ['admin', 'warehouse'], // receive stock
    readers: ['admin', 'finance', 'viewer'], // the books
    admins: ['admin'],
    rawPayloads: ['admin'], // GET /api/v1/raw-events
};
export function allows(roles, role) {
    return !!role && roles.includes(role);
}
