import { Public } from '@civic/platform';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HubSigner } from './hub-signer.service';

/** DCI JWKS core API: the keys that verify this gateway's signed responses and callbacks. */
@ApiTags('signing')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly signer: HubSigner) {}

  @Get('jwks.json')
  @Public()
  @ApiOperation({ summary: 'The gateway’s public signing keys (JWKS)' })
  @ApiOkResponse({
    description: 'JWKS with the Ed25519 public key(s) of the gateway.',
    schema: {
      type: 'object',
      properties: { keys: { type: 'array', items: { type: 'object', additionalProperties: true } } },
    },
  })
  jwks() {
    return this.signer.jwks();
  }
}
