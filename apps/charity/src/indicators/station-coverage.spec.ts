import { stationCoverage } from './station-coverage';

describe('volunteer station coverage', () => {
  it('meets an 80% target exactly at 4 of 5 facilities, not at 3 of 4 (75%)', () => {
    expect(stationCoverage(5, 4, '0.8')).toEqual({
      facilities: 5,
      withStation: 4,
      share: '0.8000',
      target: '0.8',
      meetsTarget: true,
    });
    expect(stationCoverage(4, 3, '0.8')).toMatchObject({ share: '0.7500', meetsTarget: false });
    expect(stationCoverage(3, 2, '0.5')).toMatchObject({ share: '0.6666', meetsTarget: true });
  });

  it('does not meet a target without facilities', () => {
    expect(stationCoverage(0, 0, '0.5')).toMatchObject({ share: '0.0000', meetsTarget: false });
  });
});
