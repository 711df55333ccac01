import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { HubGatewayConfig } from '../../hub-gateway.config';
import { Jwks, signMessage } from './dci-signature';

/** The gateway's own Ed25519 key: signs its DCI responses and callbacks; its JWKS is public. */
@Injectable()
export class HubSigner {
  private readonly privateKey: KeyObject;
  private readonly keyId: string;
  readonly senderId: string;

  constructor(config: HubGatewayConfig) {
    this.senderId = config.HUB_SENDER_ID;
    if (config.HUB_SIGNING_KEY) {
      this.privateKey = createPrivateKey(config.HUB_SIGNING_KEY);
      if (this.privateKey.asymmetricKeyType !== 'ed25519') throw new Error('HUB_SIGNING_KEY must be an Ed25519 key');
    } else {
      // development and tests only (config requires the key in production): receivers fetch the JWKS anew
      this.privateKey = generateKeyPairSync('ed25519').privateKey;
      new Logger('HubSigner').warn('HUB_SIGNING_KEY is not set; signing with a key generated for this process');
    }
    const x = createPublicKey(this.privateKey).export({ format: 'jwk' }).x as string;
    this.keyId = `hub-${x.slice(0, 12)}`;
  }

  /** The DCI signature string for a header and message. */
  sign(header: unknown, message: unknown): string {
    return signMessage(header, message, { senderId: this.senderId, keyId: this.keyId, privateKey: this.privateKey });
  }

  /** The public key set receivers verify the gateway's signatures with. */
  jwks(): Jwks {
    return {
      keys: [
        {
          ...createPublicKey(this.privateKey).export({ format: 'jwk' }),
          kid: this.keyId,
          use: 'sig',
          alg: 'EdDSA',
        } as Jwks['keys'][number],
      ],
    };
  }
}
