import { createHash } from 'node:crypto';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content of one audit entry, exactly as stored. */
export interface AuditRecord {
  seq: string;
  at: string;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  detail: Record<string, unknown>;
}

/**
 * JSON with object keys sorted at every depth and no whitespace. Values go through JSON first, so
 * what is hashed equals what jsonb gives back (undefined members dropped, Dates as ISO strings).
 */
export function canonicalJson(value: unknown): string {
  const plain = value === undefined ? null : JSON.parse(JSON.stringify(value));
  return JSON.stringify(sortKeys(plain));
}

/** sha256(prevHash + canonical JSON of the record), hex. */
export function auditHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(record)).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
