package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a fresh self-signed certificate for 127.0.0.1 and its
// key as PEM files in dir, and returns their paths and the certificate.
func selfSigned(t *testing.T, dir, name string) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "fnshub test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ = x509.ParseCertificate(der)
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	must(os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600))
	return certFile, keyFile, cert
}

// TestServe_FirstRunSetupOverTLS starts serve on an empty data directory
// with a self-signed certificate: it must write the setup code to a 0600
// file and never log it; the setup creates the first admin once and signs
// them in with a Secure cookie, since the request came over TLS.
func TestServe_FirstRunSetupOverTLS(t *testing.T) {
	c := newCLI(t)
	certFile, keyFile, cert := selfSigned(t, t.TempDir(), "hub")
	addr := freeAddr(t)
	c.env["FNSHUB_ADDR"], c.env["FNSHUB_TLS_CERT"], c.env["FNSHUB_TLS_KEY"] = addr, certFile, keyFile
	ctx, stop := context.WithCancel(context.Background())
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() { code, _, errw := c.run(ctx, "", "serve"); done <- result{code, errw} }()
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 10 * time.Second}
	base := "https://" + addr
	waitReady(t, client, base+"/readyz")

	codeFile := filepath.Join(c.env["FNSHUB_DATA"], "setup-code")
	info, err := os.Stat(codeFile)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("setup-code: %v, mode %v; want a file only its owner reads", err, info)
	}
	raw, _ := os.ReadFile(codeFile)
	code := strings.TrimSpace(string(raw))
	post := func(body string) *http.Response {
		resp, err := client.Post(base+"/api/v1/setup", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(`{"code":"wrong","name":"root","password":"a long enough password"}`); resp.StatusCode != 401 {
		t.Fatalf("setup with a wrong code = %d, want 401", resp.StatusCode)
	}
	resp := post(`{"code":"` + code + `","name":"root","password":"a long enough password"}`)
	if resp.StatusCode != 201 {
		t.Fatalf("setup = %d, want 201", resp.StatusCode)
	}
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "fnshub_session" {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.Secure || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("setup cookie %+v: want fnshub_session, Secure over TLS, HttpOnly, SameSite=Lax", cookie)
	}
	if resp := post(`{"code":"` + code + `","name":"root2","password":"a long enough password"}`); resp.StatusCode != 409 {
		t.Fatalf("a second setup = %d, want 409", resp.StatusCode)
	}
	if _, err := os.Stat(codeFile); !os.IsNotExist(err) {
		t.Fatalf("setup-code still there after setup: %v", err)
	}
	stop()
	select {
	case r := <-done:
		if r.code != exitOK {
			t.Fatalf("serve exited %d: %s", r.code, r.stderr)
		}
		if strings.Contains(r.stderr, code) || !strings.Contains(r.stderr, codeFile) || !strings.Contains(r.stderr, base+"/setup") {
			t.Fatalf("serve's log must name the code's file and %s/setup, never the code:\n%s", base, r.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop on cancel")
	}
}

func waitReady(t *testing.T, client *http.Client, url string) {
	t.Helper()
	for range 200 {
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never became ready", url)
}

func TestServe_RefusesABadTLSPair(t *testing.T) {
	dir := t.TempDir()
	certFile, _, _ := selfSigned(t, dir, "one")
	_, otherKey, _ := selfSigned(t, dir, "two")
	for _, c := range []struct {
		name, cert, key, want string
	}{
		{"mismatched", certFile, otherKey, "does not match"},
		{"missing file", certFile, filepath.Join(dir, "nope.key"), "nope.key"},
		{"key without cert", "", otherKey, "needs --tls-cert"},
		{"cert without key", certFile, "", "needs --tls-key"},
	} {
		cl := newCLI(t)
		cl.env["FNSHUB_ADDR"], cl.env["FNSHUB_TLS_CERT"], cl.env["FNSHUB_TLS_KEY"] = freeAddr(t), c.cert, c.key
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		code, _, errw := cl.run(ctx, "", "serve")
		cancel()
		if code == exitOK || !strings.Contains(errw, c.want) {
			t.Errorf("%s: serve exit %d, stderr %q; want a failure saying %q", c.name, code, errw, c.want)
		}
	}
}
