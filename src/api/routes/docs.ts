/**
 * The OpenAPI document and the docs page rendered from it, both built once at start-up. Both
 * open without a token, so a browser can read them (they describe the API, they hold no data).
 */
import type { FastifyInstance } from 'fastify';
import { renderDocsPage } from '../docs-page';
import { openApiDocument } from '../openapi';

/** Registers `/openapi.json` and `/docs`. */
export function docsRoutes() {
  const document = openApiDocument();
  const page = renderDocsPage(document);
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/openapi.json', { config: { public: true } }, async () => document);
    app.get('/docs', { config: { public: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  };
}
