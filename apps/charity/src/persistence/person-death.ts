import { EntityManager } from 'typeorm';
import { conflictOn } from './problems';

/**
 * 409 naming `field` (rule person-alive) when the data hub has recorded the person dead (informal or
 * formal, not revoked; reactions/death-reactions.service.ts): nothing new is addressed to them.
 */
export async function refuseIfDead(m: EntityManager, personRef: string, field: string): Promise<void> {
  const [row] = await m.query(`SELECT 1 FROM person_death WHERE person_ref = $1 AND status <> 'revoked'`, [personRef]);
  if (row) throw conflictOn(field, 'person-alive', `${field}: the data hub has recorded the person's death`);
}
