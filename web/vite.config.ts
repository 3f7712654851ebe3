import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The staff console, a static single-page app served at / beside the API on one origin, and the
 * citizen's page at /tra-cuu/ (its own small entry: no React, no antd).
 */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: { input: { console: `${root}index.html`, citizen: `${root}tra-cuu/index.html` } },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000', '/_local': 'http://127.0.0.1:3000', '/openapi.json': 'http://127.0.0.1:3000' } },
});
