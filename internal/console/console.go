// Package console serves the web console: the build of web/ committed in
// dist/ and embedded in the binary, so a fresh machine needs no Node to run
// it (docs/adr/0043-console.md). Every path it is given that names no file
// gets index.html, for the single-page app's own routes; the caller keeps
// /api, /hooks and the health and metrics paths away from it.
package console

import (
	"embed"
	"io/fs"
)

// dist is web/'s build output (cd web && npm run build).
//
//go:embed all:dist
var dist embed.FS

// Files is the build output rooted at its top, index.html first among them.
func Files() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}
