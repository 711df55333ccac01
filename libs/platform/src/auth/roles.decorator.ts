import { SetMetadata } from '@nestjs/common';
import { Role } from './roles';

export const REQUIRED_ROLES = 'civic:requiredRoles';

/** Requires at least one of the roles (any-of); a route's list replaces its controller's. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
