import type { HealthStatus } from '../../api/hub';
import type { Role } from '../../api/types';

// The API's role groups for the shop routes (internal/httpapi/policy.go).
export const shopKeepers: Role[] = ['admin', 'operations'];
export const entityKeepers: Role[] = ['admin', 'finance'];
export const jobDesk: Role[] = ['admin', 'operations'];

export const statusColor: Record<HealthStatus, string> = { ok: 'green', degraded: 'orange', down: 'red' };
