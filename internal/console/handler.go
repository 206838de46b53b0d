package console

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// ContentSecurityPolicy allows scripts from the hub itself only. Styles
// also allow 'unsafe-inline' because Ant Design writes its CSS-in-JS into
// <style> elements at run time; a per-response nonce would make index.html
// a template and cost the immutable, precompressed assets nothing gained
// against script injection, which script-src already stops (ADR 0043).
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// asset is one file of the build, read once at start-up.
type asset struct {
	body     []byte
	gzipped  []byte // nil when compression does not pay
	etag     string
	mimeType string
	// immutable: the name carries a content hash (Vite's assets/), so a
	// browser may keep it for a year without asking again.
	immutable bool
}

// Handler serves the files of fsys (normally Files()) with the console's
// caching, compression and security headers.
type Handler struct {
	assets map[string]*asset
	index  *asset
}

// New reads every file of fsys into memory and compresses the text ones;
// the whole build is well under 2 MB, so this costs less than reading
// from the embed on each request.
func New(fsys fs.FS) (*Handler, error) {
	h := &Handler{assets: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h.assets["/"+p] = newAsset(p, body)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("console: read build: %w", err)
	}
	h.index = h.assets["/index.html"]
	if h.index == nil {
		return nil, fmt.Errorf("console: the build has no index.html; run (cd web && npm ci && npm run build)")
	}
	return h, nil
}

func newAsset(name string, body []byte) *asset {
	sum := sha256.Sum256(body)
	a := &asset{
		body:      body,
		etag:      `"` + hex.EncodeToString(sum[:8]) + `"`,
		mimeType:  mime.TypeByExtension(path.Ext(name)),
		immutable: strings.HasPrefix(name, "assets/"),
	}
	if a.mimeType == "" {
		a.mimeType = "application/octet-stream"
	}
	if compressible(a.mimeType) && len(body) > 512 {
		if z := gzipBytes(body); len(z) < len(body)*9/10 {
			a.gzipped = z
		}
	}
	return a
}

func compressible(mimeType string) bool {
	for _, p := range []string{"text/", "application/javascript", "text/javascript", "application/json", "image/svg+xml"} {
		if strings.HasPrefix(mimeType, p) {
			return true
		}
	}
	return false
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// ServeHTTP answers GET and HEAD; a path naming no file gets index.html,
// except under /assets/, where a missing file is a 404 rather than a page
// of HTML that the browser would try to run as a script.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w.Header())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	a, ok := h.assets[path.Clean(r.URL.Path)]
	if !ok {
		if strings.HasPrefix(r.URL.Path, "/assets/") {
			http.NotFound(w, r)
			return
		}
		a = h.index
	}
	h.serve(w, r, a)
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, a *asset) {
	hd := w.Header()
	hd.Set("Content-Type", a.mimeType)
	hd.Set("Vary", "Accept-Encoding")
	if a.immutable {
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		// index.html names the current build's assets: always revalidate.
		hd.Set("Cache-Control", "no-cache")
	}
	body, etag := a.body, a.etag
	if a.gzipped != nil && acceptsGzip(r) {
		hd.Set("Content-Encoding", "gzip")
		// Each encoding is its own representation, with its own tag.
		body, etag = a.gzipped, strings.TrimSuffix(a.etag, `"`)+`-gz"`
	}
	hd.Set("ETag", etag)
	// ServeContent handles If-None-Match, HEAD and ranges; a zero time
	// keeps Last-Modified out (the embed has no real one).
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reads Accept-Encoding: gzip (or *) with a q above zero.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(part, ";")
		enc = strings.TrimSpace(enc)
		if !strings.EqualFold(enc, "gzip") && enc != "*" {
			continue
		}
		q := strings.TrimSpace(params)
		if v, ok := strings.CutPrefix(q, "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err != nil || f <= 0 {
				continue
			}
		}
		return true
	}
	return false
}

func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
}
