import 'reflect-metadata';
import { Type } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { fieldErrors } from './validation-errors';

class MemberDto {
  @IsString() name: string;
  @IsInt() @Min(0) incomeFen: number;
}
class HouseholdDto {
  @IsString() town: string;
  @ValidateNested({ each: true }) @Type(() => MemberDto) members: MemberDto[];
}

const errorsFor = (plain: object) =>
  fieldErrors(validateSync(plainToInstance(HouseholdDto, plain), { whitelist: true, forbidNonWhitelisted: true }));

describe('fieldErrors', () => {
  it('gives one entry per broken rule with dotted paths and array indexes', () => {
    const errors = errorsFor({
      town: '442000001',
      members: [
        { name: 'a', incomeFen: 1 },
        { name: 7, incomeFen: -2.5, extra: true },
      ],
    });
    expect(errors).toHaveLength(4);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'members[1].name', rule: 'isString', message: 'members[1].name must be a string' },
        { field: 'members[1].incomeFen', rule: 'min', message: 'members[1].incomeFen must not be less than 0' },
        { field: 'members[1].incomeFen', rule: 'isInt', message: 'members[1].incomeFen must be an integer number' },
        {
          field: 'members[1].extra',
          rule: 'whitelistValidation',
          message: 'property members[1].extra should not exist',
        },
      ]),
    );
  });

  it('names top-level fields plainly', () => {
    expect(errorsFor({ members: [] })).toEqual([{ field: 'town', rule: 'isString', message: 'town must be a string' }]);
  });
});
