import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { PROBLEM_TYPES } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';
import { HealthRegistry, HealthStatus } from './health.registry';

/** Liveness and readiness probes, outside /api/v1 and without auth. */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['up'] } } } })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'The database is reachable: 200 `ready`, or 200 `degraded` while the broker is not (writes queue in the outbox); 503 with per-check details otherwise',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['ready', 'degraded'] },
        checks: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            properties: { ok: { type: 'boolean' }, detail: { type: 'string' } },
          },
        },
      },
    },
  })
  @ApiResponse({ status: 503, description: 'Not ready: `checks` names each failing check (problem details)' })
  async ready(): Promise<{ status: 'ready' | 'degraded'; checks: Record<string, HealthStatus> }> {
    const { ready, degraded, checks } = await this.registry.run();
    if (!ready) {
      const failing = Object.entries(checks)
        .filter(([, c]) => !c.ok)
        .map(([n]) => n);
      throw new ProblemException(503, `not ready: ${failing.join(', ')}`, {
        type: PROBLEM_TYPES.unavailable,
        extras: { checks },
      });
    }
    return { status: degraded ? 'degraded' : 'ready', checks };
  }
}
