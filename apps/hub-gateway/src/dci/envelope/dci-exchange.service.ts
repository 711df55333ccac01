import { AuthenticatedUser, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DciEnvelopeDto } from './dci-envelope.dto';
import { AdmittedMessage, MessageGate } from './message-gate.service';

/** The two steps of a use case behind the gate: `check` before the message id is claimed, `handle` after. */
export interface DciUseCase<C, T> {
  /** Refusals of the message's content; they come before the replay check, so a replay gets them too. */
  check?: (m: AdmittedMessage) => C;
  /** The effects and the acknowledgement, in the same transaction as the message id's claim. */
  handle: (tx: EntityManager, m: AdmittedMessage, checked: C) => Promise<T>;
}

/**
 * One DCI request from receipt to acknowledgement. Encrypted messages and a bad transaction_id are
 * refused before any database work; then, in one transaction, the gate admits the message, its id is
 * claimed, the use case runs and the acknowledgement is stored for replays. A refusal anywhere rolls
 * the claim back, so the sender may correct the message and send it again with the same id.
 */
@Injectable()
export class DciExchange {
  constructor(
    private readonly gate: MessageGate,
    private readonly dataSource: DataSource,
  ) {}

  /** `body` is the request body as received: the signature is checked over it, not over the DTO the pipe made. */
  run<C, T>(body: DciEnvelopeDto, user: AuthenticatedUser, actions: string[], useCase: DciUseCase<C, T>): Promise<T> {
    if (body.header.is_msg_encrypted)
      throw new ProblemException(400, 'encrypted messages are not supported by this gateway; rely on TLS', {
        extras: { code: 'err.encryption.invalid' },
      });
    const txId = body.message.transaction_id;
    if (typeof txId !== 'string' || !txId || txId.length > 99)
      throw ProblemException.invalidField(
        'message.transaction_id',
        'isString',
        'message.transaction_id must be a string of 1-99 characters',
      );
    return this.dataSource.transaction(async (tx) => {
      const m = await this.gate.admit(tx, body, user, actions);
      const checked = useCase.check ? useCase.check(m) : (undefined as C);
      await this.gate.claim(tx, m);
      const result = await useCase.handle(tx, m, checked);
      await this.gate.saveAck(tx, m, result);
      return result;
    });
  }
}
