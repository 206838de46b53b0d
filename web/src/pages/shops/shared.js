// The API's role groups for the shop routes (internal/httpapi/policy.go).
export const shopKeepers = ['admin', 'operations'];
export const entityKeepers = ['admin', 'finance'];
export const jobDesk = ['admin', 'operations'];
export const statusColor = { ok: 'green', degraded: 'orange', down: 'red' };
