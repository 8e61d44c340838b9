// Vite build of the tab: served by the API under /teams/; a tiny boot entry, the React shell and one chunk per view.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const BASE = '/teams/';

/**
 * The boot entry (src/main.ts) starts the opening, then imports the React shell (src/mount.tsx) dynamically so that the
 * opening never waits for React to evaluate. This lists the shell's chunks in index.html as modulepreloads, so the
 * browser fetches them alongside the boot entry instead of after it.
 */
function preloadShell(): Plugin {
  return {
    name: 'perfloop:preload-shell',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const shell = Object.values(bundle).find(
          (c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/mount.tsx'),
        );
        if (shell?.type !== 'chunk') throw new Error('preload-shell: no chunk for src/mount.tsx');
        const entry = ctx.chunk?.fileName;
        const files: string[] = [];
        const visit = (file: string) => {
          const chunk = bundle[file];
          if (files.includes(file) || !chunk || chunk.type !== 'chunk') return;
          files.push(file);
          for (const dep of chunk.imports) visit(dep);
        };
        visit(shell.fileName);
        return files
          .filter((file) => file !== entry)
          .map((file) => ({
            tag: 'link',
            // Fetched, not compiled: a modulepreload would parse on the main thread before the boot entry runs.
            attrs: { rel: 'preload', as: 'script', crossorigin: true, href: `${BASE}${file}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

export default defineConfig({
  base: BASE,
  plugins: [react(), preloadShell()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // teams-js in its own named chunk: loaded only when the page is framed (tests check a plain browser never fetches it).
        codeSplitting: { groups: [{ name: 'teams-js', test: /@microsoft[\\/+]teams-js/ }] },
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
