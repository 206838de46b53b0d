// The server names the field a bad request got wrong ({"error":{"field"}});
// a form shows that message under the field itself. Fields the form does
// not have (or none) fall back to a message at the top.
import { ApiError } from '../api/client';

export interface FieldError {
  name: (string | number)[];
  errors: string[];
}

/**
 * fieldErrorFor maps an error to the form field it names, if the form has
 * it: fields lists the form's field names, and aliases maps the server's
 * names to the form's where they differ (e.g. "value" → "secret").
 */
export function fieldErrorFor(err: unknown, fields: string[], aliases: Record<string, string> = {}): FieldError | null {
  if (!(err instanceof ApiError) || !err.field) return null;
  const name = aliases[err.field] ?? err.field;
  // "lines[0].sku" or "address.city": match the first segment the form knows.
  const head = name.split(/[.[]/)[0];
  const hit = fields.includes(name) ? name : fields.includes(head) ? head : null;
  return hit ? { name: [hit], errors: [err.message] } : null;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
