/**
 * The OpenAPI document and the docs page: Swagger UI from the `swagger-ui-dist` package, served
 * by these routes (no CDN, works offline), with "Authorize" taking the bearer token for "Try it
 * out". The page, its assets and the document open without a token, so a browser can read them
 * (they describe the API, they hold no data); the operations themselves still need the token.
 * Without scripts the page falls back to a plain list of the routes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { renderDocsPage } from '../docs-page';
import { openApiDocument } from '../openapi';

/** The swagger-ui-dist files the page loads, with their content types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function swaggerUiDir(): string {
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

/** Registers `/openapi.json`, `/docs` and the page's assets under `/docs/assets/`. */
export function docsRoutes() {
  const document = openApiDocument();
  const dir = swaggerUiDir();
  const assets = new Map(Object.entries(ASSETS).map(([name, type]) => [name, { type, body: fs.readFileSync(path.join(dir, name)) }]));
  return async (app: FastifyInstance): Promise<void> => {
    const base = app.prefix;
    const page = renderDocsPage(document, `${base}/docs/assets`);
    const init = swaggerInitializer(`${base}/openapi.json`);
    app.get('/openapi.json', { config: { public: true } }, async () => document);
    app.get('/docs', { config: { public: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).send(page));
    app.get<{ Params: { file: string } }>('/docs/assets/:file', { config: { public: true } }, async (request, reply) => {
      if (request.params.file === 'swagger-initializer.js') return reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-cache').send(init);
      const asset = assets.get(request.params.file);
      if (!asset) return reply.code(404).send({ error: { code: 'not_found', message: `No docs asset ${request.params.file}`, details: null } });
      return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(asset.body);
    });
  };
}

/** The script that starts Swagger UI on the document; the token given to "Authorize" is kept across reloads. */
function swaggerInitializer(documentUrl: string): string {
  return `window.addEventListener('load', function () {
  document.getElementById('plain-docs').remove();
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(documentUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    displayOperationId: true,
    displayRequestDuration: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;
}
