import { ProblemException } from '@civic/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { toDciRefusal } from './dci-error';
import { answerOf } from './dci-error.filter';
import { DciReplies } from './dci-replies.service';

// The DCI routes (src/dci/registry/social-registry.controller.ts, src/life-events/life-events.controller.ts).
const DCI_ROUTE =
  /^\/api\/v1\/(registry\/(sync\/)?search|registry\/(subscribe|unsubscribe|notify)|registry\/(sync\/)?txn\/status|crvs\/registry\/(sync\/)?notify)$/;

/**
 * A refusal raised before a DCI route's handler runs — a body that is not JSON, too large — is
 * answered by the platform's problem-details handler, which no route filter reaches; this hook
 * turns such an answer into the DCI form on the way out, so a DCI client never sees problem+json.
 */
@Injectable()
export class DciProblemAnswers implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly replies: DciReplies,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (request, reply, payload) => {
      const path = request.url.split('?')[0];
      const type = String(reply.getHeader('content-type') ?? '');
      if (request.method !== 'POST' || !DCI_ROUTE.test(path) || !type.startsWith('application/problem+json'))
        return payload;
      const problem = JSON.parse(String(payload)) as {
        status: number;
        detail?: string;
        code?: string;
        errors?: { field: string; rule: string; message: string }[];
      };
      const refusal = toDciRefusal(
        new ProblemException(problem.status, problem.detail ?? '', {
          errors: problem.errors,
          extras: problem.code ? { code: problem.code } : {},
        }),
      );
      void reply.header('content-type', 'application/json');
      return JSON.stringify(answerOf(this.replies, path, request.body, refusal));
    });
  }
}
