import { serviceConnection } from './session-options';

describe('serviceConnection', () => {
  it("starts every session in the service's schema with JIT off", () => {
    expect(serviceConnection('postgres://svc:pw@db:5432/civic', 'eldercare')).toEqual({
      url: 'postgres://svc:pw@db:5432/civic',
      options: '-c search_path=eldercare -c jit=off',
    });
  });

  it("moves the URL's own options after the service's, so an operator's setting wins, and keeps the rest of the URL", () => {
    const { url, options } = serviceConnection(
      'postgres://svc@db/civic?sslmode=require&options=-c%20jit%3Don%20-c%20work_mem%3D64MB',
      'charity',
    );
    expect(options).toBe('-c search_path=charity -c jit=off -c jit=on -c work_mem=64MB');
    expect(new URL(url).searchParams.get('options')).toBeNull();
    expect(new URL(url).searchParams.get('sslmode')).toBe('require');
    expect(url.startsWith('postgres://svc@db/civic?')).toBe(true);
  });
});
