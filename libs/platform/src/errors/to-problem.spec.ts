import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ProblemException } from './problem.exception';
import { toProblem } from './to-problem';

describe('toProblem', () => {
  it('keeps a ProblemException as raised, adding the instance', () => {
    const mapped = toProblem(
      ProblemException.conflict('the case is closed', { currentState: 'closed', title: 'ignored' }),
      '/api/v1/cases/1',
    );
    expect(mapped).toEqual({
      problem: {
        type: 'urn:civic:problem:conflict',
        title: 'Conflict',
        status: 409,
        detail: 'the case is closed',
        currentState: 'closed',
        instance: '/api/v1/cases/1',
      },
      headers: {},
      serverFault: false,
    });
  });

  it('maps a framework 4xx to a problem with its message, but an unmatched route without echoing the path', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x/110101199003074514'), '/x/[id-redacted]').problem).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No route matches this method and path',
      instance: '/x/[id-redacted]',
    });
    expect(toProblem(new HttpException('Body is too large', 413), '/y').problem).toMatchObject({
      status: 413,
      title: 'Payload Too Large',
      detail: 'Body is too large',
    });
    expect(toProblem(new BadRequestException(['a is bad', 'b is bad']), '/z').problem.detail).toBe(
      'a is bad; b is bad',
    );
  });

  it('hides the cause of anything unexpected behind a bare 500', () => {
    const mapped = toProblem(new Error('password=hunter2 at db.internal'), '/api/v1/x');
    expect(mapped.serverFault).toBe(true);
    expect(mapped.problem).toMatchObject({ status: 500, type: 'urn:civic:problem:internal' });
    expect(JSON.stringify(mapped.problem)).not.toContain('hunter2');
    expect(toProblem(new HttpException('internal detail', 502), '/').problem.detail).not.toContain('internal detail');
    expect(toProblem('a thrown string', '/').problem.status).toBe(500);
  });

  it('carries the Bearer challenge on 401', () => {
    expect(toProblem(ProblemException.unauthorized('a bearer token is required'), '/').headers).toEqual({
      'WWW-Authenticate': 'Bearer',
    });
  });

  it('answers 503 with Retry-After when the database cannot be reached, and 500 for a failed statement', () => {
    const pgError = (message: string, code: string) => Object.assign(new Error(message), { code });
    const unavailable = [
      // the pool cannot connect, or a pooled connection dropped mid-request
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client was closed and is not queryable'),
      // the server shutting down, starting, or out of connection slots, as TypeORM wraps it
      new QueryFailedError('INSERT', [], pgError('terminating connection due to administrator command', '57P01')),
      new QueryFailedError('INSERT', [], pgError('the database system is starting up', '57P03')),
      new QueryFailedError('INSERT', [], pgError('sorry, too many clients already', '53300')),
      new QueryFailedError('INSERT', [], pgError('connection failure', '08006')),
    ];
    for (const e of unavailable) {
      const mapped = toProblem(e, '/api/v1/divisions');
      expect(mapped).toEqual({
        problem: {
          type: 'urn:civic:problem:unavailable',
          title: 'Service Unavailable',
          status: 503,
          detail: 'The service is temporarily unavailable; retry later.',
          instance: '/api/v1/divisions',
        },
        headers: { 'Retry-After': '5' },
        serverFault: true,
      });
    }
    const failedStatements = [
      new QueryFailedError('INSERT', [], pgError('duplicate key value violates unique constraint "x"', '23505')),
      new QueryFailedError('SELECT', [], pgError('invalid input syntax for type uuid: "x"', '22P02')),
      new Error('Connection terminated by the handler on purpose'),
      Object.assign(new Error('odd'), { code: 42 }),
    ];
    for (const e of failedStatements) expect(toProblem(e, '/').problem.status).toBe(500);
  });
});
