import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
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
});
