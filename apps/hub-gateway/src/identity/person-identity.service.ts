import {
  createIdCipher,
  createPersonRefs,
  IdCipher,
  mask,
  parseResidentId,
  PersonRefs,
  ResidentIdRejection,
} from '@civic/identity';
import { currentRefSql } from '@civic/operations';
import { announcePersonRefKeys, AuditLog, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HubGatewayConfig } from '../hub-gateway.config';

/** A person as events carry them: pseudonym and masked form. */
export interface PersonIdentity {
  personRef: string;
  maskedId: string;
}

/**
 * The raw resident ID number enters the platform here and nowhere else: it becomes a personRef
 * (keyed HMAC) and a masked form for events, and is kept only encrypted in person_identity for
 * the authorised, audited reverse lookup (docs/domain.md "People, households and identity").
 */
@Injectable()
export class PersonIdentityService {
  private readonly refs: PersonRefs;
  private readonly cipher: IdCipher;

  constructor(
    config: HubGatewayConfig,
    private readonly audit: AuditLog,
  ) {
    this.refs = createPersonRefs(config.PERSON_REF_KEYS);
    this.cipher = createIdCipher(config.ID_ENCRYPTION_KEYS);
    announcePersonRefKeys(config.PERSON_REF_KEYS);
  }

  /** Validates a raw number; the rejection never repeats the input. */
  parse(
    raw: unknown,
  ): { ok: true; number: string } | { ok: false; reason: ResidentIdRejection | 'type'; message: string } {
    if (typeof raw !== 'string')
      return { ok: false, reason: 'type', message: 'must be an 18-character resident ID number' };
    const parsed = parseResidentId(raw);
    return parsed.ok
      ? { ok: true, number: parsed.id.number }
      : { ok: false, reason: parsed.reason, message: parsed.message };
  }

  /** personRef and masked form of a validated number (no storage). */
  identify(number: string): PersonIdentity {
    return { personRef: this.refs.ref(number), maskedId: mask(number) };
  }

  /** Every personRef the number may have been stored under while keys rotate. */
  refsForLookup(number: string): string[] {
    return this.refs.refsForLookup(number);
  }

  /** Identifies and keeps the encrypted number in the caller's transaction (first sighting wins). */
  async remember(manager: EntityManager, number: string): Promise<PersonIdentity> {
    const id = this.identify(number);
    await manager.query(
      `INSERT INTO person_identity (person_ref, masked_id, encrypted_id) VALUES ($1, $2, $3) ON CONFLICT (person_ref) DO NOTHING`,
      [id.personRef, id.maskedId, this.cipher.encrypt(number)],
    );
    return id;
  }

  /** Rows for a multi-row insert of many identities (bulk path): [personRef, maskedId, encrypted]. */
  encryptedRow(number: string, id: PersonIdentity = this.identify(number)): [string, string, string] {
    return [id.personRef, id.maskedId, this.cipher.encrypt(number)];
  }

  /** The raw number behind a personRef; the audit entry commits in the same transaction as the read. */
  async reverseLookup(
    manager: EntityManager,
    personRef: string,
    actor: string,
    purpose: string,
  ): Promise<{ personRef: string; maskedId: string; idNumber: string }> {
    return manager.transaction(async (tx) => {
      const [row] = await tx.query(
        `SELECT masked_id, encrypted_id FROM person_identity WHERE person_ref = ${currentRefSql('$1')}`,
        [personRef],
      );
      if (!row) throw ProblemException.notFound('person', personRef);
      await this.audit.append(tx, {
        actor,
        action: 'identity.reverse-lookup',
        objectType: 'person',
        objectId: personRef,
        detail: { purpose, maskedId: row.masked_id },
      });
      return { personRef, maskedId: row.masked_id, idNumber: this.cipher.decrypt(row.encrypted_id) };
    });
  }
}
