import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// One build for the three parts: main and preload for Electron, and the renderer, which is also
// the web console the API serves at /console/ (hence base './': it works under any path and from
// app://). Main and the sandboxed preload are bundled whole: a sandboxed preload cannot require
// packages, and workspace packages ship TypeScript sources.

// shared/ registers its zod schemas' metadata at import, which keeps Rollup from dropping the
// schemas a bundle does not use; nothing in the console relies on that registration.
const treeshake = { moduleSideEffects: (id: string) => !id.includes('/shared/src/') };

export default defineConfig({
  main: {
    build: {
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/main/index.ts') }, treeshake },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') }, treeshake },
      chunkSizeWarningLimit: 1500,
      // electron-vite leaves the renderer unminified by default; the web console is downloaded.
      minify: true,
    },
  },
});
