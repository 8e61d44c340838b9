// Vite build of the tab: served by the API under /teams/, one chunk per view.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/teams/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // teams-js in its own named chunk: loaded only when the page is framed (tests check a plain browser never fetches it).
        advancedChunks: { groups: [{ name: 'teams-js', test: /@microsoft[\\/+]teams-js/ }] },
      },
    },
  },
  server: {
    // `pnpm dev`: the API (started separately on 8787) answers /v1 and /teams/config.json.
    proxy: {
      '/v1': 'http://127.0.0.1:8787',
      '/teams/config.json': 'http://127.0.0.1:8787',
    },
  },
});
