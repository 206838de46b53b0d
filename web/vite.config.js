import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
// The build goes straight into the Go package that embeds it, so
// `go build` ships the console without Node (docs/adr/0043-console.md).
// File names carry content hashes and nothing in the output depends on the
// clock or the machine, so two builds of one tree are byte-identical and CI
// can fail on a stale committed build.
export default defineConfig({
    plugins: [react()],
    base: '/',
    build: {
        outDir: '../internal/console/dist',
        emptyOutDir: true,
        assetsDir: 'assets',
        sourcemap: false,
        reportCompressedSize: true,
        chunkSizeWarningLimit: 1500,
    },
    server: {
        // `npm run dev` talks to a hub on :8080 (fnshub serve).
        proxy: { '/api': 'http://127.0.0.1:8080' },
    },
});
