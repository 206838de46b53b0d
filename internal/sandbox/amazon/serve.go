package amazon

import (
	"compress/gzip"
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", "sandbox-"+strconv.FormatInt(time.Now().UnixNano(), 36))
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeErrors is SP-API's error shape.
func writeErrors(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]string{{"code": code, "message": message}}})
}

// serveToken is LWA's POST /auth/o2/token with the refresh_token grant.
func (s *Seller) serveToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "The request is missing a form body"})
		return
	}
	f := r.PostForm
	switch {
	case f.Get("grant_type") != "refresh_token":
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type", "error_description": "grant_type must be refresh_token"})
		return
	case f.Get("client_id") != s.opt.ClientID || f.Get("client_secret") != s.opt.ClientSecret:
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "Client authentication failed"})
		return
	case f.Get("refresh_token") != s.opt.RefreshToken:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "The request has an invalid grant parameter : refresh_token"})
		return
	}
	raw := make([]byte, 24)
	_, _ = rand.Read(raw)
	tok := "Atza|" + base64.RawURLEncoding.EncodeToString(raw)
	s.mu.Lock()
	s.tokens[tok] = s.opt.Now().Add(s.opt.TokenTTL)
	s.refreshes++
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "refresh_token": s.opt.RefreshToken, "token_type": "bearer",
		"expires_in": int(s.opt.TokenTTL / time.Second)})
}

// Expire makes every access token handed out so far expired.
func (s *Seller) Expire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t := range s.tokens {
		s.tokens[t] = time.Time{}
	}
}

// authed refuses a call without a live x-amz-access-token, as SP-API does.
func (s *Seller) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		exp, ok := s.tokens[r.Header.Get("x-amz-access-token")]
		s.mu.Unlock()
		if !ok || !s.opt.Now().Before(exp) {
			writeErrors(w, http.StatusForbidden, "Unauthorized", "Access to requested resource is denied.")
			return
		}
		h(w, r)
	}
}

// nextToken is the opaque page token: the filters and the offset.
type nextToken struct {
	Query  url.Values `json:"q"`
	Offset int        `json:"o"`
}

// serveReports is getReports: reportTypes (required unless nextToken),
// processingStatuses, createdSince (default 90 days ago), createdUntil,
// pageSize 1..100 (default 10); nextToken must come alone.
func (s *Seller) serveReports(w http.ResponseWriter, r *http.Request) {
	q, off := r.URL.Query(), 0
	if tok := q.Get("nextToken"); tok != "" {
		if len(q) != 1 {
			writeErrors(w, http.StatusBadRequest, "InvalidInput", "nextToken must be the only parameter")
			return
		}
		var nt nextToken
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err == nil {
			err = json.Unmarshal(raw, &nt)
		}
		if err != nil {
			writeErrors(w, http.StatusBadRequest, "InvalidInput", "Invalid nextToken")
			return
		}
		q, off = nt.Query, nt.Offset
	}
	if q.Get("reportTypes") == "" {
		writeErrors(w, http.StatusBadRequest, "InvalidInput", "reportTypes or nextToken is required")
		return
	}
	size := 10
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeErrors(w, http.StatusBadRequest, "InvalidInput", "pageSize must be 1 to 100")
			return
		}
		size = n
	}
	since := s.opt.Now().Add(-90 * 24 * time.Hour)
	if v := q.Get("createdSince"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			writeErrors(w, http.StatusBadRequest, "InvalidInput", "createdSince must be ISO 8601")
			return
		}
		since = t
	}
	all := s.matching(q, since)
	end := min(off+size, len(all))
	off = min(off, end)
	out := map[string]any{"reports": all[off:end]}
	if end < len(all) {
		raw, _ := json.Marshal(nextToken{Query: q, Offset: end})
		out["nextToken"] = base64.RawURLEncoding.EncodeToString(raw)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Seller) matching(q url.Values, since time.Time) []Report {
	types := strings.Split(q.Get("reportTypes"), ",")
	statuses := q.Get("processingStatuses")
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Report{}
	for _, rp := range s.reports {
		created, _ := time.Parse(time.RFC3339, rp.CreatedTime)
		if !contains(types, rp.ReportType) || created.Before(since) || (statuses != "" && !contains(strings.Split(statuses, ","), rp.ProcessingStatus)) {
			continue
		}
		out = append(out, rp)
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// serveReport is getReport.
func (s *Seller) serveReport(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rp := range s.reports {
		if rp.ReportID == r.PathValue("reportId") {
			writeJSON(w, http.StatusOK, rp)
			return
		}
	}
	writeErrors(w, http.StatusNotFound, "NotFound", "The report does not exist")
}

// serveDocument is getReportDocument: a pre-signed URL valid five
// minutes, and compressionAlgorithm when the document is gzipped.
func (s *Seller) serveDocument(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("reportDocumentId")
	s.mu.Lock()
	doc, ok := s.docs[id]
	s.mu.Unlock()
	if !ok {
		writeErrors(w, http.StatusNotFound, "NotFound", "The report document does not exist")
		return
	}
	exp := strconv.FormatInt(s.opt.Now().Add(5*time.Minute).Unix(), 10)
	u := "http://" + r.Host + "/documents/" + url.PathEscape(id) + "?X-Amz-Expires=" + exp + "&X-Amz-Signature=" + s.sign(id, exp)
	out := map[string]string{"reportDocumentId": id, "url": u}
	if doc.gzip {
		out["compressionAlgorithm"] = "GZIP"
	}
	writeJSON(w, http.StatusOK, out)
}

// serveDownload serves a document to a URL getReportDocument signed.
func (s *Seller) serveDownload(w http.ResponseWriter, r *http.Request) {
	id, q := r.PathValue("id"), r.URL.Query()
	exp, err := strconv.ParseInt(q.Get("X-Amz-Expires"), 10, 64)
	sig, _ := hex.DecodeString(q.Get("X-Amz-Signature"))
	want, _ := hex.DecodeString(s.sign(id, q.Get("X-Amz-Expires")))
	if err != nil || !hmac.Equal(sig, want) || s.opt.Now().Unix() > exp {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired or the signature does not match</Message></Error>`))
		return
	}
	s.mu.Lock()
	doc, ok := s.docs[id]
	if ok {
		s.downloadN++
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	if doc.write != nil {
		streamDocument(w, doc)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(doc.body)))
	_, _ = w.Write(doc.body)
}

// streamDocument writes a streamed document as it is made, chunked.
func streamDocument(w http.ResponseWriter, doc document) {
	if !doc.gzip {
		_ = doc.write(w)
		return
	}
	zw := gzip.NewWriter(w)
	if err := doc.write(zw); err != nil {
		return // the stream stops short of gzip's end
	}
	_ = zw.Close()
}
