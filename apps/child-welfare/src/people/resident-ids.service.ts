import {
  createIdCipher,
  createPersonRefs,
  IdCipher,
  maskResidentId,
  parseResidentId,
  PersonRefs,
  ResidentId,
} from '@civic/identity';
import { ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { ChildWelfareConfig } from '../child-welfare.config';

/** A validated resident as this service keeps them: pseudonym, masked form and the encrypted number. */
export interface ResidentIdentity {
  id: ResidentId;
  personRef: string;
  lookupRefs: string[];
  maskedId: string;
  encrypted: string;
}

/**
 * The one place raw resident ID numbers are handled (docs/domain.md "People, households and identity"):
 * validated by @civic/identity, stored only encrypted, found by personRef (keyed HMAC).
 */
@Injectable()
export class ResidentIds {
  private readonly refs: PersonRefs;
  private readonly cipher: IdCipher;

  constructor(config: ChildWelfareConfig) {
    this.refs = createPersonRefs(config.PERSON_REF_KEYS);
    this.cipher = createIdCipher(config.ID_ENCRYPTION_KEYS);
  }

  /** Validates `raw` or answers 400 naming `field` and the rule; the message never repeats the number. */
  identify(raw: unknown, field: string): ResidentIdentity {
    const parsed = parseResidentId(typeof raw === 'string' ? raw : String(raw));
    if (!parsed.ok)
      throw ProblemException.invalidField(field, `resident-id.${parsed.reason}`, `${field}: ${parsed.message}`);
    const number = parsed.id.number;
    return {
      id: parsed.id,
      personRef: this.refs.ref(number),
      lookupRefs: this.refs.refsForLookup(number),
      maskedId: maskResidentId(number),
      encrypted: this.cipher.encrypt(number),
    };
  }

  /** The raw number behind a stored token; callers audit every use. */
  decrypt(token: string): string {
    return this.cipher.decrypt(token);
  }
}
