import { Outbox } from '@civic/messaging';
import { AuditLog, ResidentIds } from '@civic/platform';
import { createIdCipher, createPersonRefs } from '@civic/identity';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PersonRefRekeying, PersonRefRekeyingOptions } from './person-ref-rekeying';

/**
 * For int-specs of a service's re-keying (docs/adr/0018-person-ref-rekeying.md): a rotation from
 * `k1` to `k2` over the caller's migrated schema, with the re-keying wired to real PostgreSQL (outbox
 * and audit log included). `k1`/`k2` compute a number's ref under each key, `encrypt` its stored token.
 */
export function rotationBench(ds: DataSource, options: PersonRefRekeyingOptions) {
  const secret = () => `hex:${randomBytes(32).toString('hex')}`;
  const keys = { k1: secret(), k2: secret() };
  const idKeys = { current: 'i1', keys: { i1: secret() } };
  const ids = new ResidentIds({ PERSON_REF_KEYS: { current: 'k2', keys }, ID_ENCRYPTION_KEYS: idKeys });
  const underK1 = createPersonRefs({ current: 'k1', keys: { k1: keys.k1 } });
  const underK2 = createPersonRefs({ current: 'k2', keys: { k2: keys.k2 } });
  const cipher = createIdCipher(idKeys);
  return {
    rekeying: new PersonRefRekeying(options, ds, ids, new Outbox(), new AuditLog()),
    k1: (idNumber: string) => underK1.ref(idNumber),
    k2: (idNumber: string) => underK2.ref(idNumber),
    encrypt: (idNumber: string) => cipher.encrypt(idNumber),
  };
}

/** Every `*_ref` column of the schema but re-keying's own, as `table.column`, sorted: what a service's column list must cover. */
export async function refColumnsIn(ds: DataSource): Promise<string[]> {
  const rows: { c: string }[] = await ds.query(
    `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_name LIKE '%\\_ref'
       AND table_name NOT IN ('person_ref_alias', 'person_ref_conflict') ORDER BY 1`,
  );
  return rows.map((r) => r.c);
}
