import { IsNested, IsOneOf, IsFreeText, IsTown } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsString } from 'class-validator';

export class AdopterDto {
  @ApiProperty({ description: 'the adopter’s resident ID number; never echoed back' }) @IsString() idNumber: string;
}

export class ApplyAdoptionDto {
  @ApiProperty({ description: 'the child’s resident ID number; never echoed back' }) @IsString() childIdNumber: string;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ type: [AdopterDto], description: 'one or two adopters (a woman and a man when two)' })
  @IsNested(() => AdopterDto, { array: true, minItems: 1 })
  @ArrayMaxSize(2)
  adopters: AdopterDto[];
}

export class AssessAdoptionDto {
  @ApiProperty({ enum: ['suitable', 'unsuitable'] }) @IsOneOf(['suitable', 'unsuitable']) outcome:
    'suitable' | 'unsuitable';
  @ApiProperty() @IsFreeText(2000) note: string;
}
