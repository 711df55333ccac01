import { correlation } from './correlation';
import { JsonLogger } from './json.logger';

describe('JsonLogger', () => {
  const capture = (level?: 'debug' | 'info' | 'warn' | 'error') => {
    const lines: string[] = [];
    return { lines, logger: new JsonLogger('social-assistance', level, (l) => lines.push(l)) };
  };

  it('writes one JSON object per line with time, level, service, msg, context and the correlation id', () => {
    const { lines, logger } = capture();
    correlation.run('corr-1', () => logger.log('case approved', 'CasesService'));
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0])).toEqual({
      time: expect.any(String),
      level: 'info',
      service: 'social-assistance',
      msg: 'case approved',
      context: 'CasesService',
      correlationId: 'corr-1',
    });
  });

  it('merges object messages and keeps error stacks', () => {
    const { lines, logger } = capture();
    logger.error({ msg: 'relay stalled', pending: 3 }, 'Error: boom\n    at x', 'Relay');
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'error',
      msg: 'relay stalled',
      pending: 3,
      stack: 'Error: boom\n    at x',
      context: 'Relay',
    });
  });

  it('redacts resident ID numbers anywhere in the line, in disguise too, and only them', () => {
    const { lines, logger } = capture();
    logger.warn({
      msg: 'duplicate applicant 44010219900101123X',
      applicant: { idNumber: '110101 19900307 4514', wide: '４４０１０２１９９００１０１１２３Ｘ' },
      offset: '123456789012345678',
    });
    expect(lines[0]).not.toMatch(/44010219900101123X|4514|４４０/);
    expect(JSON.parse(lines[0])).toMatchObject({
      msg: 'duplicate applicant [id-redacted]',
      applicant: { idNumber: '[id-redacted]', wide: '[id-redacted]' },
      offset: '123456789012345678',
    });
  });

  it('drops levels below LOG_LEVEL', () => {
    const { lines, logger } = capture('warn');
    logger.log('noise');
    logger.debug('more noise');
    logger.warn('kept');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['kept']);
  });
});
