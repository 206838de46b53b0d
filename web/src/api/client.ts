// The one way the console talks to the hub. Every request carries the
// session cookie; every change carries the session's CSRF token and an
// Idempotency-Key, so a double click or a retried bulk action is applied
// once. Errors arrive as {"error":{"code","message","field"}} and are
// raised as ApiError with the server's own message.
import { message } from 'antd';

export class ApiError extends Error {
  status: number;
  code: string;
  field?: string;
  /** retryAfter is the Retry-After header in seconds (429 login_locked). */
  retryAfter?: number;
  /** body is the whole error answer, where it says more than the error (upload's 422 rows). */
  body?: unknown;
  constructor(status: number, code: string, msg: string, field?: string) {
    super(msg);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let csrfToken = '';
let onUnauthorized: () => void = () => {};

/** setCsrfToken remembers the token of the live session (from POST/GET /api/v1/session). */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

/** setUnauthorizedHandler is called on any 401 outside the session calls: the session is gone. */
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

/** newKey returns a random Idempotency-Key; getRandomValues works on plain http too. */
export function newKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export type Query = Record<string, string | number | undefined | null | string[]>;

/** withQuery appends the non-empty values of q to path; arrays repeat the name. */
export function withQuery(path: string, q?: Query): string {
  if (!q) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => x !== '' && p.append(k, x));
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** quiet: the caller shows the error itself (forms, bulk result tables). */
  quiet?: boolean;
  idempotencyKey?: string;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  return (await send<T>(method, path, opts)).body;
}

/** Sent is a response body with what the headers said about it. */
export interface Sent<T> {
  body: T;
  /** replayed: the server had done this under the same Idempotency-Key before (Idempotent-Replayed: true). */
  replayed: boolean;
}

export async function send<T>(method: string, path: string, opts: RequestOptions = {}): Promise<Sent<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (method !== 'DELETE' || opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey ?? newKey();
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (e) {
    const err = new ApiError(0, 'network', String(e));
    if (!opts.quiet) message.error(err.message);
    throw err;
  }
  if (res.ok) {
    const replayed = res.headers.get('Idempotent-Replayed') === 'true';
    if (res.status === 204) return { body: undefined as T, replayed };
    return { body: (await res.json()) as T, replayed };
  }
  const err = await toError(res);
  if (res.status === 401 && !path.startsWith('/api/v1/session')) onUnauthorized();
  else if (!opts.quiet) message.error(err.message);
  throw err;
}

async function toError(res: Response): Promise<ApiError> {
  let err: ApiError;
  try {
    const b = await res.json();
    const e = b?.error ?? {};
    err = new ApiError(res.status, e.code ?? 'http_' + res.status, e.message ?? res.statusText, e.field);
  } catch {
    err = new ApiError(res.status, 'http_' + res.status, res.statusText || `HTTP ${res.status}`);
  }
  const ra = Number(res.headers.get('Retry-After'));
  if (ra > 0) err.retryAfter = ra;
  return err;
}

export const api = {
  get: <T>(path: string, query?: Query, quiet?: boolean) => request<T>('GET', path, { query, quiet }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PATCH', path, { ...opts, body }),
  del: <T>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
};

/**
 * upload sends a file as the raw request body (the sheet imports take CSV
 * or xlsx as the body, not a form), reporting how much has gone out: fetch
 * cannot report upload progress, XMLHttpRequest can. Errors come back as
 * ApiError with the whole error body in `body` (an import's 422 lists rows).
 */
export function upload<T>(
  path: string,
  file: Blob,
  contentType: string,
  opts: { query?: Query; onProgress?: (sent: number, total: number) => void } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(path, opts.query));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Idempotency-Key', newKey());
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const e = (body as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error ?? {};
      const err = new ApiError(xhr.status, e.code ?? 'http_' + xhr.status, e.message ?? xhr.statusText, e.field);
      err.body = body;
      if (xhr.status === 401) onUnauthorized();
      reject(err);
    };
    xhr.send(file);
  });
}

/**
 * download fetches a file with the session cookie and hands it to the
 * browser as a download under the name the server gave (Content-Disposition),
 * reporting how much has arrived; a refusal comes back as ApiError with the
 * server's message, not as a saved error page.
 */
export async function download(path: string, onProgress?: (got: number, total: number) => void): Promise<string> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', String(e));
  }
  if (!res.ok) {
    const err = await toError(res);
    if (res.status === 401) onUnauthorized();
    throw err;
  }
  const total = Number(res.headers.get('Content-Length')) || 0;
  const parts: Uint8Array[] = [];
  let got = 0;
  const reader = res.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    got += value.length;
    onProgress?.(got, total);
  }
  const blob = new Blob(parts as BlobPart[], { type: res.headers.get('Content-Type') ?? 'application/octet-stream' });
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? path.split('/').pop() ?? 'download';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click has handed the blob to the browser; free it after it is taken.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}
