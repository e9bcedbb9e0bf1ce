/**
 * The docs page: Swagger UI (its assets served by the API under `assetsUrl`) over the OpenAPI
 * document, and, until its script runs or without scripts, a plain list of the routes from the
 * same document, readable without any outside asset.
 */

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; description?: string }[];
  responses?: Record<string, { description?: string }>;
}

/** Renders the docs page of the document. */
export function renderDocsPage(document: Record<string, unknown>, assetsUrl: string): string {
  const info = document.info as { title: string; description: string };
  const base = (document.servers as { url: string }[])[0]?.url ?? '';
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const sections = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = (op.parameters ?? []).map((p) => `<li><code>${escape(p.name)}</code> (${escape(p.in)})${p.description ? ` — ${escape(p.description)}` : ''}</li>`).join('');
      const responses = Object.entries(op.responses ?? {}).map(([code, r]) => `<li><code>${escape(code)}</code> ${escape(r.description ?? '')}</li>`).join('');
      return `<section><h2><code>${method.toUpperCase()} ${escape(base + path)}</code></h2><p>${escape(op.summary ?? '')}${op.description ? `. ${escape(op.description)}` : ''}</p>${params ? `<h3>Parameters</h3><ul>${params}</ul>` : ''}<h3>Responses</h3><ul>${responses}</ul></section>`;
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(info.title)}</title>
<link rel="stylesheet" href="${escape(assetsUrl)}/swagger-ui.css">
<link rel="icon" type="image/png" href="${escape(assetsUrl)}/favicon-32x32.png">
<style>#plain-docs{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}#plain-docs section{border-top:1px solid #ddd;padding:.5rem 0}#plain-docs h2{font-size:1.05rem}#plain-docs h3{font-size:.9rem;margin:.5rem 0 0}#plain-docs code{background:#f4f4f4;padding:0 .2rem}</style>
</head><body>
<div id="swagger-ui"></div>
<div id="plain-docs"><h1>${escape(info.title)}</h1><p>${escape(info.description)}</p><p>Machine-readable: <a href="${escape(base)}/openapi.json"><code>${escape(base)}/openapi.json</code></a></p>
${sections.join('\n')}
</div>
<script src="${escape(assetsUrl)}/swagger-ui-bundle.js"></script>
<script src="${escape(assetsUrl)}/swagger-initializer.js"></script>
</body></html>
`;
}
