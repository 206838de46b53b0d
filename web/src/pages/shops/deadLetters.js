export function jobShop(j) {
    const s = j.args?.shop;
    return typeof s === 'string' ? s : undefined;
}
export function deadLettersOf(jobs, shop) {
    return jobs.filter((j) => j.state === 'discarded' && jobShop(j) === shop);
}
/** lastError is the newest attempt's error, for the table. */
export function lastError(j) {
    return j.errors.length ? (j.errors[j.errors.length - 1].error ?? '') : '';
}
