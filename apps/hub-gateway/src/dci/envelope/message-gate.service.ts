import { AuthenticatedUser, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HubGatewayConfig } from '../../hub-gateway.config';
import { RateLimiter } from '../../protection/rate-limiter';
import { Sender, SendersService } from '../../senders/senders.service';
import { messageDigest, SignatureRejected, verifySignature } from '../signing/dci-signature';
import { DciEnvelopeDto } from './dci-envelope.dto';

// Clock skew tolerated on a signature's created time.
const SKEW_SECONDS = 60;

/** A message that passed the gate. */
export interface AdmittedMessage {
  sender: Sender;
  header: DciEnvelopeDto['header'];
  message: Record<string, unknown>;
  digest: string;
}

const dciProblem = (status: number, code: string, detail: string, headers?: Record<string, string>) =>
  new ProblemException(status, detail, { extras: { code }, headers });

/**
 * Every DCI message passes here before its content is looked at: the bearer token's subject is
 * the sender, the sender is registered, within its rate, the Ed25519 signature verifies against
 * its JWKS, the message is fresh (message_ts and the signature's created/expires), and its
 * message_id has not been seen (recorded in the caller's transaction, so a message whose effects
 * roll back may be sent again).
 */
@Injectable()
export class MessageGate {
  private readonly limiter = new RateLimiter();

  constructor(
    private readonly senders: SendersService,
    private readonly config: HubGatewayConfig,
  ) {}

  /** Checks identity, rate, signature and freshness (no writes). `body` is the request body as received. */
  async admit(
    manager: EntityManager,
    body: DciEnvelopeDto,
    user: AuthenticatedUser,
    actions: string[],
  ): Promise<AdmittedMessage> {
    const { header, message } = body;
    if (!actions.includes(header.action))
      throw dciProblem(400, 'rjct.action.invalid', `header.action must be ${actions.join(' or ')} on this endpoint`);
    if (user.sub !== header.sender_id)
      throw new ProblemException(403, 'the bearer token subject must be the header.sender_id', {
        extras: { code: 'err.sender_id.invalid' },
      });
    const sender = await this.senders.find(manager, header.sender_id);
    if (!sender)
      throw dciProblem(401, 'err.sender_id.invalid', `sender ${header.sender_id} is not registered with the gateway`);
    const wait = this.limiter.take(sender.senderId, sender.ratePerMinute ?? this.config.DEFAULT_RATE_PER_MINUTE);
    if (wait > 0)
      throw dciProblem(429, 'err.request.too_many_requests', `sender ${sender.senderId} is over its rate limit`, {
        'Retry-After': String(wait),
      });
    let parts;
    try {
      parts = verifySignature(body.signature, header, message, sender.senderId, sender.jwks);
    } catch (e) {
      if (e instanceof SignatureRejected) throw dciProblem(401, e.code, e.message);
      throw e;
    }
    const now = Date.now() / 1000;
    if (parts.expires < now) throw dciProblem(401, 'err.signature.invalid', 'the signature has expired');
    if (parts.created > now + SKEW_SECONDS)
      throw dciProblem(401, 'err.signature.invalid', 'the signature is created in the future');
    if (parts.expires - parts.created > this.config.SIGNATURE_MAX_TTL_SECONDS) {
      throw dciProblem(
        401,
        'err.signature.invalid',
        `the signature may be valid for at most ${this.config.SIGNATURE_MAX_TTL_SECONDS} seconds`,
      );
    }
    const ts = Date.parse(header.message_ts) / 1000;
    if (Math.abs(now - ts) > this.config.MESSAGE_MAX_AGE_SECONDS) {
      throw dciProblem(
        401,
        'rjct.message_ts.invalid',
        `header.message_ts must be within ${this.config.MESSAGE_MAX_AGE_SECONDS} seconds of now (expired or replayed message)`,
      );
    }
    return { sender, header, message, digest: messageDigest(header, message) };
  }

  /** Records the message id in the caller's transaction; a second use of it is refused with the first acknowledgement. */
  async claim(manager: EntityManager, m: AdmittedMessage): Promise<void> {
    const inserted = await manager.query(
      `INSERT INTO dci_message (sender_id, message_id, action, digest, message_ts) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING message_id`,
      [m.sender.senderId, m.header.message_id, m.header.action, m.digest, m.header.message_ts],
    );
    if (inserted.length) return;
    const [first] = await manager.query(
      `SELECT digest, ack FROM dci_message WHERE sender_id = $1 AND message_id = $2`,
      [m.sender.senderId, m.header.message_id],
    );
    throw new ProblemException(409, `message ${m.header.message_id} was already received; a replay has no effect`, {
      extras: {
        code: 'rjct.message_id.duplicate',
        sameContent: first?.digest === m.digest,
        firstAcknowledgement: first?.ack ?? null,
      },
    });
  }

  /** Stores the acknowledgement given for a message, returned again to a replay. */
  async saveAck(manager: EntityManager, m: AdmittedMessage, ack: unknown): Promise<void> {
    await manager.query(`UPDATE dci_message SET ack = $3 WHERE sender_id = $1 AND message_id = $2`, [
      m.sender.senderId,
      m.header.message_id,
      JSON.stringify(ack),
    ]);
  }

  /** Refuses a batch larger than the sender's limit (413). */
  checkBatchSize(m: AdmittedMessage, count: number): void {
    const max = m.sender.maxBatchRecords ?? this.config.DEFAULT_MAX_BATCH_RECORDS;
    if (count > max)
      throw dciProblem(
        413,
        'rjct.total_count.limit_exceeded',
        `a message may carry at most ${max} records for sender ${m.sender.senderId}; this one has ${count}`,
      );
    if (m.header.total_count !== undefined && m.header.total_count !== count) {
      throw ProblemException.invalidField(
        'header.total_count',
        'equalsRecordCount',
        `header.total_count is ${m.header.total_count} but the message carries ${count} records`,
      );
    }
  }
}
