import { ServiceUnavailableException } from '@nestjs/common';
import { toDciRefusal } from './dci-error';

describe('toDciRefusal', () => {
  it('answers an unreachable database 503 with Retry-After, another server fault 500, both err.service.unavailable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toDciRefusal(refused)).toEqual({
      status: 503,
      code: 'err.service.unavailable',
      message: 'the gateway could not answer this message; retry later',
      headers: { 'Retry-After': '5' },
      serverFault: true,
    });
    expect(toDciRefusal(new Error('Connection terminated unexpectedly'))).toMatchObject({ status: 503 });
    expect(toDciRefusal(new Error('a defect'))).toMatchObject({ status: 500, headers: {}, serverFault: true });
    expect(toDciRefusal(new ServiceUnavailableException())).toMatchObject({ status: 503, headers: {} });
  });
});
