/** The OpenAPI document and the docs page rendered from it, both built once at start-up. */
import type { FastifyInstance } from 'fastify';
import { renderDocsPage } from '../docs-page';
import { openApiDocument } from '../openapi';

/** Registers `/openapi.json` and `/docs`. */
export function docsRoutes() {
  const document = openApiDocument();
  const page = renderDocsPage(document);
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/openapi.json', async () => document);
    app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  };
}
