/**
 * One server of the HTTP adapter benchmark, in its own process so the load generator and the
 * other variants never share its event loop. Usage: http-adapter.server.ts <variant> <port>;
 * prints "ready" on stdout once it listens.
 */
import 'reflect-metadata';
import { Body, Controller, Get, Module, Param, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { CreateCaseDto, caseView, createCaseSchema } from './http-adapter.fixture';

export const VARIANTS = ['nest-fastify', 'nest-express', 'fastify'] as const;
export type Variant = (typeof VARIANTS)[number];

@Controller('api/v1/cases')
class CasesController {
  @Get(':id')
  find(@Param('id') id: string) {
    return { ...caseView, id };
  }

  @Post()
  create(@Body() dto: CreateCaseDto) {
    return { id: caseView.id, status: 'submitted', householdId: dto.householdId };
  }
}

@Module({ controllers: [CasesController] })
class BenchModule {}

// The pipe options the services use (libs/platform): unknown fields are an error, not ignored.
const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

async function nest(variant: 'nest-fastify' | 'nest-express', port: number): Promise<void> {
  const app =
    variant === 'nest-fastify'
      ? await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(BenchModule, { logger: false });
  app.useGlobalPipes(validation);
  await app.listen(port, '127.0.0.1');
}

async function bare(port: number): Promise<void> {
  // Fastify's default strips unknown fields; reject them like forbidNonWhitelisted does.
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } });
  app.get<{ Params: { id: string } }>('/api/v1/cases/:id', async (req) => ({ ...caseView, id: req.params.id }));
  app.post<{ Body: { householdId: string } }>(
    '/api/v1/cases',
    { schema: { body: createCaseSchema } },
    async (req, reply) => {
      reply.code(201);
      return { id: caseView.id, status: 'submitted', householdId: req.body.householdId };
    },
  );
  await app.listen({ port, host: '127.0.0.1' });
}

async function main(): Promise<void> {
  const [variant, portText] = process.argv.slice(2) as [Variant, string];
  if (!VARIANTS.includes(variant)) throw new Error(`variant must be one of ${VARIANTS.join(', ')}`);
  const port = Number(portText);
  await (variant === 'fastify' ? bare(port) : nest(variant, port));
  process.stdout.write('ready\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
