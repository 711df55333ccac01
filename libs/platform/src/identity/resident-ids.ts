import {
  createIdCipher,
  createPersonRefs,
  IdCipher,
  maskResidentId,
  parseResidentId,
  PersonRefs,
  ResidentId,
  residentIdRule,
} from '@civic/identity';
import { Provider, Type } from '@nestjs/common';
import { PersonDataServiceConfig } from '../config/person-data-service.config';
import { ProblemException } from '../errors/problem.exception';
import { announcePersonRefKeys } from './key-ring-announcement';

/** A validated resident as a service keeps them: pseudonym, masked form and the encrypted number. */
export interface ResidentIdentity {
  id: ResidentId;
  personRef: string;
  lookupRefs: string[];
  maskedId: string;
  encrypted: string;
}

/**
 * The one place a service handles raw resident ID numbers (docs/domain.md "People, households and
 * identity"): validated by @civic/identity, stored only encrypted, found by personRef (keyed HMAC).
 * Every service that receives raw numbers uses this class, so the validation rules, the error a client
 * sees and the key rings are the same everywhere.
 */
export class ResidentIds {
  private readonly refs: PersonRefs;
  private readonly cipher: IdCipher;
  /** The ring's current personRef key id: a stored ref under another id is due for re-keying. */
  readonly currentRefKeyId: string;

  constructor(config: Pick<PersonDataServiceConfig, 'PERSON_REF_KEYS' | 'ID_ENCRYPTION_KEYS'>) {
    this.refs = createPersonRefs(config.PERSON_REF_KEYS);
    this.cipher = createIdCipher(config.ID_ENCRYPTION_KEYS);
    this.currentRefKeyId = config.PERSON_REF_KEYS.current;
    announcePersonRefKeys(config.PERSON_REF_KEYS);
  }

  /** Validates `raw` or answers 400 naming `field` and the rule; the message never repeats the number. */
  identify(raw: unknown, field: string): ResidentIdentity {
    const parsed = parseResidentId(typeof raw === 'string' ? raw : String(raw));
    if (!parsed.ok)
      throw ProblemException.invalidField(field, residentIdRule(parsed.reason), `${field}: ${parsed.message}`);
    const number = parsed.id.number;
    return {
      id: parsed.id,
      personRef: this.refs.ref(number),
      lookupRefs: this.refs.refsForLookup(number),
      maskedId: maskResidentId(number),
      encrypted: this.cipher.encrypt(number),
    };
  }

  /**
   * The personRef under the current key of a stored encrypted number (re-keying, docs/adr/0018-person-ref-rekeying.md):
   * the number is decrypted and hashed here and never handed to the caller.
   */
  currentRefOf(token: string): string {
    return this.refs.ref(this.cipher.decrypt(token));
  }

  /** The raw number behind a stored token; callers audit every use. */
  decrypt(token: string): string {
    return this.cipher.decrypt(token);
  }
}

/** Provides ResidentIds built from the service's own config class (a PersonDataServiceConfig). */
export function residentIdsProvider(config: Type<PersonDataServiceConfig>): Provider {
  return { provide: ResidentIds, inject: [config], useFactory: (c: PersonDataServiceConfig) => new ResidentIds(c) };
}
