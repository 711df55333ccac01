import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { DEPARTMENTS, Role } from '../auth/roles';
import { Roles } from '../auth/roles.decorator';
import { ProblemException } from '../errors/problem.exception';
import { Clock } from './clock';
import { ClockSetting, MovableClock } from './dev-clock';

export class MoveClockDto {
  @ApiPropertyOptional({ example: '2026-12-07T09:00:00+08:00', description: 'the instant the clock shows from now on' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 instant, e.g. 2026-12-07T09:00:00+08:00' })
  at?: string;

  @ApiPropertyOptional({ example: 7, description: 'whole days to move the clock by (negative moves it back)' })
  @IsOptional()
  @IsInt()
  @Min(-3660)
  @Max(3660)
  advanceDays?: number;

  @ApiPropertyOptional({ description: 'with `at`: stop the clock there instead of letting it run on' })
  @IsOptional()
  @IsBoolean()
  freeze?: boolean;
}

/** The clock's state as the dev route answers it (dev-clock.ts ClockSetting). */
export class ClockSettingResponse implements ClockSetting {
  @ApiProperty({ enum: ['system', 'offset', 'frozen'] }) mode: 'system' | 'offset' | 'frozen';
  @ApiProperty({ example: '2026-12-07T01:00:00.000Z' }) now: string;
  @ApiProperty({ example: '2026-12-07', description: 'the Asia/Shanghai calendar date' }) today: string;
  @ApiProperty({ description: 'business time minus system time' }) offsetMs: number;
}

// Any department's admin may move time on a development system; no production system has the route.
const CLOCK_ADMINS = DEPARTMENTS.map((d) => `${d}:admin` as Role);

/**
 * Moves this process's business clock (development and tests only: PlatformModule registers the
 * route only when `devClockEnabled(config)`, so production answers 404). Each process has its own
 * clock; a system of several services is moved by calling each one.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('dev/clock')
export class DevClockController {
  constructor(private readonly clock: Clock) {}

  @Get()
  @Roles(...CLOCK_ADMINS)
  @ApiOperation({ summary: 'Read this process’s business clock' })
  @ApiOkResponse({ type: ClockSettingResponse })
  get(): ClockSetting {
    return this.movable().setting();
  }

  @Put()
  @Roles(...CLOCK_ADMINS)
  @ApiOperation({ summary: 'Move the business clock to an instant or by whole days' })
  @ApiOkResponse({ type: ClockSettingResponse, description: 'The clock after the move' })
  move(@Body() dto: MoveClockDto): ClockSetting {
    const clock = this.movable();
    if ((dto.at === undefined) === (dto.advanceDays === undefined))
      throw ProblemException.invalidField('at', 'exactly-one-of', 'give exactly one of at and advanceDays');
    if (dto.freeze !== undefined && dto.at === undefined)
      throw ProblemException.invalidField('freeze', 'only-with-at', 'freeze applies to at only');
    if (dto.at !== undefined) clock.set(new Date(dto.at), { freeze: dto.freeze });
    else clock.advanceDays(dto.advanceDays!);
    return clock.setting();
  }

  @Delete()
  @HttpCode(200)
  @Roles(...CLOCK_ADMINS)
  @ApiOperation({ summary: 'Put the business clock back on system time' })
  @ApiOkResponse({ type: ClockSettingResponse, description: 'The clock back on system time' })
  reset(): ClockSetting {
    const clock = this.movable();
    clock.reset();
    return clock.setting();
  }

  private movable(): MovableClock {
    // the controller exists only beside a MovableClock (platform.module.ts); anything else is a wiring bug
    if (!(this.clock instanceof MovableClock)) throw new Error('the dev clock route needs a MovableClock');
    return this.clock;
  }
}
