import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../errors/problem.exception';
import { AuthenticatedUser } from './authenticated-user';
import { IS_PUBLIC } from './public.decorator';
import { hasAnyRole, Role } from './roles';
import { REQUIRED_ROLES } from './roles.decorator';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/**
 * Global guard: every HTTP route needs a valid bearer token unless marked @Public(), and holds
 * one of its @Roles() when it names any. Event handlers (non-HTTP contexts) are not guarded here.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verify: (token: string) => Promise<AuthenticatedUser>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest();
    const header = req.headers?.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim()) : null;
    if (!match) throw ProblemException.unauthorized('a bearer token is required (Authorization: Bearer <JWT>)');
    let user: AuthenticatedUser;
    try {
      user = await this.verify(match[1]);
    } catch (e) {
      throw ProblemException.unauthorized(e instanceof Error ? e.message : 'bearer token is invalid');
    }
    req.user = user;

    const required = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets) ?? [];
    if (!hasAnyRole(user.roles, required)) {
      throw ProblemException.forbidden(`requires one of the roles: ${required.join(', ')}`, {
        requiredRoles: required,
      });
    }
    return true;
  }
}
