// A shop's dead letters are the discarded jobs whose arguments name it
// (pull.shop, stock.push, shipment.push, hook.process carry "shop").
import type { Job } from '../../api/hub';

export function jobShop(j: Job): string | undefined {
  const s = j.args?.shop;
  return typeof s === 'string' ? s : undefined;
}

export function deadLettersOf(jobs: Job[], shop: string): Job[] {
  return jobs.filter((j) => j.state === 'discarded' && jobShop(j) === shop);
}

/** lastError is the newest attempt's error, for the table. */
export function lastError(j: Job): string {
  return j.errors.length ? (j.errors[j.errors.length - 1].error ?? '') : '';
}
