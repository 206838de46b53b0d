package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/fnshub/fnshub/internal/auth"
	sshopify "github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/postgres"
	"github.com/fnshub/fnshub/internal/store/sqlite"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// The canary's marker values: a buyer's name, phone, street, e-mail and
// platform buyer id that appear nowhere else, so any hit is a leak.
const (
	canaryName   = "CANARY7f3aNAME"
	canaryPhone  = "13970317317"
	canaryStreet = "CANARY7f3aSTREET 8 号"
	canaryMail   = "canary7f3amail@example.com"
	canaryBuyer  = "CANARY7f3aBUYER"
)

var canaries = []string{canaryName, canaryPhone, canaryStreet, canaryMail, canaryBuyer}

// TestPIICanary (issue 9 §6) feeds orders carrying the markers into a real
// fnshub serve over HTTP — through the API and a Shopify webhook from the
// sandbox store — drives it as every role (lists, details, holds, a
// correction, shipping, a refund, a replay, bad requests, exports, an
// erasure) and scans every answer, every log line of the process, every
// event in the outbox and on the bus (NATS), /metrics and the data
// directory's files for them. The only place they may appear is where
// they must: the receiver endpoint and the shipping sheet, for the roles
// that ship. NATS must run (FNSHUB_TEST_NATS_URL, default 127.0.0.1:4222).
func TestPIICanary(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { canary(t, engine) })
	}
}

func canary(t *testing.T, engine string) {
	natsURL := os.Getenv("FNSHUB_TEST_NATS_URL")
	if natsURL == "" {
		natsURL = "nats://127.0.0.1:4222"
	}
	c := newCLI(t)
	if engine == "postgres" {
		base := os.Getenv(storetest.PostgresURLVar)
		if base == "" && os.Getenv("CI") == "true" {
			t.Fatalf("%s must be set under CI", storetest.PostgresURLVar)
		}
		if base == "" {
			t.Skipf("%s not set", storetest.PostgresURLVar)
		}
		c.env["FNSHUB_DB"], c.env["FNSHUB_MASTER_KEY"] = scratchSchemaURL(t, base), "1:"+masterKey()
	}
	c.env["FNSHUB_LOG_LEVEL"] = "debug" // every line the process writes is scanned
	tokens := map[auth.Role]string{}
	for _, role := range auth.Roles() {
		name := "canary-" + string(role)
		c.mustRun("a long enough password\n", "user", "add", "--name", name, "--role", string(role), "--password-stdin")
		tokens[role] = strings.TrimSpace(c.mustRun("", "token", "create", "--user", name))
	}
	store := sshopify.New(sshopify.Options{Domain: "canary.myshopify.com", Token: "shpat_canary", WebhookSecret: "canary-hook", Currency: "CNY"})
	sim := httptest.NewServer(store.Handler())
	defer sim.Close()

	addr := freeAddr(t)
	c.env["FNSHUB_ADDR"] = addr
	stream := fmt.Sprintf("CANARY%d", time.Now().UnixNano())
	ctx, stop := context.WithCancel(context.Background())
	var logs string
	done := make(chan struct{})
	go func() {
		defer close(done)
		code, out, errw := c.run(ctx, "", "serve", "--nats", natsURL, "--nats-stream", stream, "--nats-prefix", "p"+stream)
		logs = out + errw
		if code != exitOK {
			t.Errorf("serve: exit %d", code)
		}
	}()
	k := &canaryClient{t: t, base: "http://" + addr, tokens: tokens}
	getWhenUp(t, k.base+"/api/v1/ledger/accounts", tokens[auth.Admin])

	k.drive(store, sim.URL)
	bus := busMessages(t, natsURL, stream)
	stop()
	<-done

	var leaks []string
	for _, r := range k.seen {
		if hit := canaryIn(r.body); hit != "" && !r.mayReveal {
			leaks = append(leaks, fmt.Sprintf("%s: %q in %.300s", r.what, hit, r.body))
		}
	}
	for _, line := range strings.Split(logs, "\n") {
		if hit := canaryIn([]byte(line)); hit != "" {
			leaks = append(leaks, fmt.Sprintf("log line: %q in %s", hit, line))
		}
	}
	for i, m := range bus {
		if hit := canaryIn(m); hit != "" {
			leaks = append(leaks, fmt.Sprintf("bus message %d: %q in %s", i, hit, m))
		}
	}
	outbox := outboxPayloads(t, c)
	for i, p := range outbox {
		if hit := canaryIn(p); hit != "" {
			leaks = append(leaks, fmt.Sprintf("outbox row %d: %q in %s", i, hit, p))
		}
	}
	leaks = append(leaks, filesWithCanaries(t, c.env["FNSHUB_DATA"])...)
	if url := c.env["FNSHUB_DB"]; url != "" {
		leaks = append(leaks, rowsWithCanaries(t, url)...)
	}
	if len(leaks) > 0 {
		t.Fatalf("personal data leaked (%d):\n%s", len(leaks), strings.Join(leaks, "\n"))
	}
	t.Logf("scanned %d answers (%d revealing the markers where they may), %d log lines, %d bus messages, %d outbox rows, %d metric bytes",
		len(k.seen), k.revealed, strings.Count(logs, "\n"), len(bus), len(outbox), k.metrics)
	// The scan found what it had to: the markers where they must be, and
	// logs, events and metrics to look in.
	if k.revealed < 2 || len(bus) == 0 || len(outbox) == 0 || strings.Count(logs, "\n") < 5 || k.metrics == 0 {
		t.Fatalf("the canary saw too little to prove anything: %d reveals, %d bus messages, %d outbox rows, %d log lines, %d metric bytes",
			k.revealed, len(bus), len(outbox), strings.Count(logs, "\n"), k.metrics)
	}
}

// canaryIn returns the first marker b holds, "" for none.
func canaryIn(b []byte) string {
	for _, m := range canaries {
		if bytes.Contains(b, []byte(m)) {
			return m
		}
	}
	return ""
}

type seenBody struct {
	what      string
	body      []byte
	mayReveal bool // the receiver endpoint or shipping sheet for a role that ships
}

type canaryClient struct {
	t        *testing.T
	base     string
	tokens   map[auth.Role]string
	seen     []seenBody
	revealed int // answers that showed the markers where they may
	metrics  int
}

// do sends a request as role and keeps the answer, headers included, to
// be scanned.
func (k *canaryClient) do(role auth.Role, method, path, body string, header ...string) (int, []byte) {
	k.t.Helper()
	req, err := http.NewRequest(method, k.base+path, strings.NewReader(body))
	if err != nil {
		k.t.Fatal(err)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+k.tokens[role])
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		k.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		k.t.Fatal(err)
	}
	var h bytes.Buffer
	resp.Header.Write(&h)
	all := append(h.Bytes(), b...)
	if strings.HasSuffix(path, ".xlsx") && resp.StatusCode == http.StatusOK {
		all = append(all, unzipAll(k.t, b)...)
	}
	reveals := method == "GET" && (strings.HasSuffix(path, "/receiver") || strings.HasSuffix(path, ".xlsx")) &&
		(role == auth.Admin || role == auth.Operations || role == auth.Warehouse)
	if reveals && resp.StatusCode == http.StatusOK && canaryIn(all) != "" {
		k.revealed++
	}
	k.seen = append(k.seen, seenBody{what: fmt.Sprintf("%s %s %s → %d", role, method, path, resp.StatusCode), body: all, mayReveal: reveals})
	return resp.StatusCode, b
}

func (k *canaryClient) must(role auth.Role, method, path, body string, header ...string) map[string]any {
	k.t.Helper()
	status, b := k.do(role, method, path, body, header...)
	if status/100 != 2 {
		k.t.Fatalf("%s %s %s = %d %s", role, method, path, status, b)
	}
	var v map[string]any
	if len(b) > 0 {
		if err := json.Unmarshal(b, &v); err != nil {
			k.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return v
}

const canaryContact = `{"name":"` + canaryName + `","phone":"` + canaryPhone + `","province":"浙江省","city":"杭州市","district":"西湖区","detail":"` + canaryStreet + `"}`

func canaryOrder(ext, status, contact string) string {
	return `{"channel":"web","shop":"S1","external_id":"` + ext + `","version":1,"status":"` + status + `","buyer_id":"` + canaryBuyer + `",
	"currency":"CNY","created_at":"2026-11-11T00:00:01+08:00","paid_at":"2026-11-11T00:00:09+08:00",
	"lines":[{"sku":"TEA-250","quantity":1,"unit_price":{"amount":"59.90","currency":"CNY"}}],"contact":` + contact + `}`
}

// drive does to the markers everything the hub does to an order.
func (k *canaryClient) drive(shopify *sshopify.Shop, simURL string) {
	t := k.t
	admin, ops, wh, fin := auth.Admin, auth.Operations, auth.Warehouse, auth.Finance
	k.must(ops, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`)
	k.must(wh, "POST", "/api/v1/warehouses", `{"code":"HZ","name":"杭州仓","province":"浙江省"}`)
	k.must(wh, "POST", "/api/v1/stock/receipts", `{"sku":"TEA-250","warehouse":"HZ","quantity":10}`, "Idempotency-Key", "po-1")
	k.must(ops, "POST", "/api/v1/shops", `{"id":"S1","channel":"web","name":"官网"}`)
	k.must(ops, "POST", "/api/v1/shops", `{"id":"SP1","channel":"shopify","name":"Canary Tea","api_base_url":"`+simURL+`",
		"settings":{"shop_domain":"canary.myshopify.com","api_version":"`+sshopify.APIVersion+`"}}`)
	k.must(ops, "PUT", "/api/v1/shops/SP1/secrets/access_token", `{"value":"shpat_canary"}`)
	k.must(ops, "PUT", "/api/v1/shops/SP1/secrets/webhook_secret", `{"value":"canary-hook"}`)

	a := k.must(ops, "POST", "/api/v1/orders", canaryOrder("CAN-1", "paid", canaryContact))
	noStreet := strings.Replace(canaryContact, canaryStreet, "", 1)
	b := k.must(ops, "POST", "/api/v1/orders", canaryOrder("CAN-2", "paid", noStreet))
	aID, bID := fmt.Sprint(a["id"]), fmt.Sprint(b["id"])
	if b["status"] != "on_hold" {
		t.Fatalf("an order without a street = %v, want held for its address", b["status"])
	}

	// Bad requests that carry the markers: none may echo them.
	for _, bad := range []string{
		canaryOrder("CAN-3", "shipped", canaryContact),                                                    // a status a channel may not send
		strings.Replace(canaryOrder("CAN-3", "paid", canaryContact), `"quantity":1`, `"quantity":"x"`, 1), // a wrong type
		strings.Replace(canaryOrder("CAN-3", "paid", canaryContact), `"CNY"`, `"XXX"`, 1),                 // an unknown currency
		strings.Replace(canaryOrder("CAN-1", "paid", canaryContact), `"59.90"`, `"9.90"`, 1),              // same version, other content
		strings.Replace(canaryOrder("CAN-3", "paid", canaryContact), `"name":`, `"nickname":"x","name":`, 1),
		canaryOrder("CAN-3", "paid", canaryContact)[:200], // cut short
	} {
		if status, _ := k.do(ops, "POST", "/api/v1/orders", bad); status/100 == 2 {
			t.Fatalf("a bad order was taken: %d", status)
		}
	}
	for _, bad := range []string{
		`{"name":"` + canaryName + `","phone":"` + canaryPhone + `x","address":{"province":"浙江省","detail":"` + canaryStreet + `"}}`,
		`{"name":"` + canaryName + `","phone":"` + canaryPhone + `","address":{"province":"浙江省","detail":"` + strings.Repeat(canaryStreet, 40) + `"}}`,
		`{"name":"` + canaryName + "\\u0007" + `","phone":"` + canaryPhone + `","address":{"province":"浙江省","detail":"` + canaryStreet + `"}}`,
	} {
		if status, _ := k.do(ops, "PUT", "/api/v1/orders/"+bID+"/receiver", bad); status != http.StatusBadRequest {
			t.Fatalf("a bad receiver = %d, want 400", status)
		}
	}

	// The fix for an address hold, then the life of both orders.
	k.must(ops, "PUT", "/api/v1/orders/"+bID+"/receiver",
		`{"name":"`+canaryName+`","phone":"`+canaryPhone+`","address":{"province":"浙江省","city":"杭州市","detail":"`+canaryStreet+`"}}`)
	if r := k.must(ops, "POST", "/api/v1/orders/"+bID+"/retry", ""); r["status"] != "allocated" {
		t.Fatalf("retry after the correction = %v", r["status"])
	}
	k.must(ops, "POST", "/api/v1/orders/"+aID+"/hold", `{"message":"call the buyer"}`)
	k.must(ops, "POST", "/api/v1/orders/"+aID+"/approve", "")
	for _, role := range auth.Roles() {
		k.do(role, "GET", "/api/v1/shops/S1/pending-orders.xlsx", "")
	}
	k.must(wh, "POST", "/api/v1/orders/"+aID+"/ship", `{"carrier":"SF","tracking_no":"SF1"}`, "Idempotency-Key", "ship-1")
	k.must(fin, "POST", "/api/v1/orders/"+aID+"/refund", "", "Idempotency-Key", "refund-1")
	for _, role := range auth.Roles() {
		k.do(role, "GET", "/api/v1/orders", "")
		k.do(role, "GET", "/api/v1/orders?shop=S1&status=allocated", "")
		k.do(role, "GET", "/api/v1/orders/"+aID, "")
		k.do(role, "GET", "/api/v1/orders/"+bID, "")
		k.do(role, "GET", "/api/v1/orders/"+bID+"/receiver", "")
	}
	raws := k.must(admin, "GET", "/api/v1/raw-events?limit=100", "")
	var ids []string
	for _, it := range raws["items"].([]any) {
		ids = append(ids, fmt.Sprint(it.(map[string]any)["id"]))
	}
	k.must(admin, "POST", "/api/v1/raw-events/replay", `{"ids":[`+strings.Join(ids, ",")+`]}`)

	// A channel order: the sandbox store's webhook, its job, the order.
	for _, topic := range []string{"orders/create", "orders/updated"} {
		shopify.Subscribe(topic, k.base+"/hooks/shopify/SP1")
	}
	phone, sku := canaryPhone, "TEA-250"
	shopify.AddOrder(sshopify.Order{FinancialStatus: "paid", Email: canaryMail,
		LineItems: []sshopify.LineItem{{SKU: &sku, Title: "龙井 250 g", Name: "龙井 250 g", Quantity: 1, Price: "59.90", RequiresShipping: true}},
		Customer:  &sshopify.Customer{ID: 7317, Email: canaryMail, FirstName: canaryName, LastName: "张"},
		ShippingAddress: &sshopify.Address{Name: canaryName, FirstName: canaryName, LastName: "张", Address1: canaryStreet, City: "杭州市",
			Province: "浙江省", ProvinceCode: "ZJ", Country: "China", CountryCode: "CN", Phone: &phone}})
	if err := shopify.Flush(context.Background()); err != nil {
		t.Fatalf("the sandbox store's webhook: %v", err)
	}
	var sp map[string]any
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if items := k.must(ops, "GET", "/api/v1/orders?shop=SP1", "")["items"].([]any); len(items) > 0 {
			sp = items[0].(map[string]any)
			break
		}
	}
	if sp == nil {
		t.Fatal("the Shopify order never arrived")
	}
	k.do(wh, "GET", fmt.Sprintf("/api/v1/orders/%v/receiver", sp["id"]), "")
	k.do(auth.Viewer, "GET", fmt.Sprintf("/api/v1/orders/%v", sp["id"]), "")

	// Erasure, and what the hub says after it.
	erased := k.must(admin, "POST", "/api/v1/buyers/"+fmt.Sprint(a["buyer_ref"])+"/erase", "")
	if erased["orders"] != 2.0 {
		t.Fatalf("erasure = %v, want the buyer's 2 orders", erased)
	}
	if status, _ := k.do(wh, "GET", "/api/v1/orders/"+bID+"/receiver", ""); status != http.StatusConflict {
		t.Fatalf("receiver after erasure = %d, want 409", status)
	}
	k.do(ops, "GET", "/api/v1/orders/"+bID, "")
	_, m := k.do("", "GET", "/metrics", "")
	k.metrics = len(m)
}

func unzipAll(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the sheet is no xlsx: %v", err)
	}
	var out bytes.Buffer
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.Copy(&out, r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

// busMessages waits until the relay stops adding to the stream, then
// returns every message on it (subject, headers and data).
func busMessages(t *testing.T, url, name string) [][]byte {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatalf("NATS with JetStream must run at %s (set FNSHUB_TEST_NATS_URL): %v", url, err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	defer js.DeleteStream(ctx, name)
	var last uint64
	var s jetstream.Stream
	for deadline, stable := time.Now().Add(20*time.Second), 0; time.Now().Before(deadline) && stable < 10; time.Sleep(200 * time.Millisecond) {
		if s, err = js.Stream(ctx, name); err != nil {
			continue
		}
		info, err := s.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.State.LastSeq == last && last > 0 {
			stable++
		} else {
			last, stable = info.State.LastSeq, 0
		}
	}
	var out [][]byte
	for seq := uint64(1); s != nil && seq <= last; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, []byte(fmt.Sprint(m.Subject, m.Header, string(m.Data))))
	}
	return out
}

func outboxPayloads(t *testing.T, c *cli) [][]byte {
	t.Helper()
	var db *store.DB
	var err error
	if url := c.env["FNSHUB_DB"]; url != "" {
		db, err = postgres.Open(context.Background(), url, 1)
	} else {
		db, err = sqlite.Open(c.env["FNSHUB_DATA"])
	}
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out [][]byte
	err = db.Read(context.Background(), func(tx *store.Tx) error {
		rows, err := tx.Query(context.Background(), `SELECT topic, payload FROM outbox ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var topic, payload string
			if err := rows.Scan(&topic, &payload); err != nil {
				return err
			}
			out = append(out, []byte(topic+" "+payload))
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// filesWithCanaries reads every file of the data directory (the SQLite
// database, its write-ahead log, the key file): nothing is stored in plain
// text. On PostgreSQL the directory holds what serve keeps beside it.
func filesWithCanaries(t *testing.T, dir string) []string {
	t.Helper()
	var hits []string
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return nil // PostgreSQL: serve kept nothing beside the database
	}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if hit := canaryIn(b); hit != "" {
			hits = append(hits, fmt.Sprintf("file %s holds %q in plain text", filepath.Base(path), hit))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// rowsWithCanaries reads every row of every table of the hub's PostgreSQL
// schema as text — bytea shows as hex, so each marker is looked for in hex
// too: nothing is stored in plain text.
func rowsWithCanaries(t *testing.T, url string) []string {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, url, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var hits []string
	err = db.Read(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
		if err != nil {
			return err
		}
		var tables []string
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return err
			}
			tables = append(tables, name)
		}
		rows.Close()
		if len(tables) < 10 {
			t.Fatalf("found %d tables in the hub's schema; the scan would prove nothing", len(tables))
		}
		for _, table := range tables {
			var dump string
			if err := tx.QueryRow(ctx, `SELECT COALESCE(string_agg(t::text, E'\n'), '') FROM "`+table+`" t`).Scan(&dump); err != nil {
				return err
			}
			for _, m := range canaries {
				if strings.Contains(dump, m) || strings.Contains(dump, hex.EncodeToString([]byte(m))) {
					hits = append(hits, fmt.Sprintf("table %s holds %q in plain text", table, m))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}
