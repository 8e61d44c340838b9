// Builds the tab from its current source into a folder (tests serve that build, never a stale dist/).
import { fileURLToPath } from 'node:url';

/** The tab's folder (where vite.config.ts is). */
export const TAB_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `vite build` of the tab into `outDir` (emptied first). */
export async function buildTab(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ root: TAB_ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}
