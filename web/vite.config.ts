import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * `vite build web` (part of `npm run build`) writes web/dist, which deskgate serves
 * (src/http/console.ts). `vite web` is a dev server that sends /api to a deskgate on 21114.
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Everything is served from this origin under a strict CSP: no inline data for scripts.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:21114', '/healthz': 'http://127.0.0.1:21114' },
  },
});
