/** Interactive API docs (Swagger UI, served from the installed package: no internet needed). */
import express, { Router } from 'express';
import swaggerUiDist from 'swagger-ui-dist';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>billstream API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });
  </script>
</body>
</html>`;

export function docsRouter(specPath: string): Router {
  const router = Router();
  router.get('/openapi.yaml', (_req, res) => res.type('application/yaml').sendFile(specPath));
  router.get(['/docs', '/docs/'], (_req, res) => res.type('html').send(PAGE));
  router.use('/docs/assets', express.static(swaggerUiDist.getAbsoluteFSPath(), { index: false }));
  return router;
}
