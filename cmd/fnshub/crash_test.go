package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/store/storetest"
)

// The crash test's shape: each round sends a burst of order versions from
// crashWorkers goroutines and SIGKILLs the hub 50–400 ms in.
const (
	crashRounds    = 5
	crashOrders    = 400 // per round; more than the hub ingests before the latest kill
	crashWorkers   = 32
	crashMinKillMS = 50
	crashMaxKillMS = 400
)

// TestCrash_KillMidIngestion kills `fnshub serve` with SIGKILL while
// orders are being ingested, then checks on restart that `fnshub check`
// passes and that every version the hub acknowledged is still there; then
// it sends every version again and checks that the hub converges.
//
// SQLite is the case that matters: the hub's own process writes the
// database and its WAL, so a kill in the middle of a write, or between a
// commit and its answer, is ours to survive. (A kill loses nothing the OS
// was already given; a power cut could, which synchronous=FULL is for and
// this test does not simulate.) On PostgreSQL the server owns durability and a kill of
// fnshub only drops connections, so that run (when FNSHUB_TEST_POSTGRES_URL
// is set) checks that we acknowledge only what was committed.
//
// FNSHUB_CRASH_SEED replays a run's workload and kill times; the moment
// the kill lands within the hub's work still varies with the machine.
func TestCrash_KillMidIngestion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the fnshub binary and kills it repeatedly; run without -short")
	}
	bin := buildHub(t)
	t.Run("sqlite", func(t *testing.T) {
		runCrashRounds(t, newCrashHub(t, bin, []string{"--data", t.TempDir()}))
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv(storetest.PostgresURLVar)
		switch {
		case base == "" && os.Getenv("CI") == "true":
			t.Fatalf("%s is not set: CI must run the PostgreSQL crash test (see .ci/run)", storetest.PostgresURLVar)
		case base == "":
			t.Skipf("%s is not set", storetest.PostgresURLVar)
		}
		runCrashRounds(t, newCrashHub(t, bin, []string{"--db", scratchSchemaURL(t, base)}, "FNSHUB_MASTER_KEY="+masterKey()))
	})
}

// crashRun is one database's run: the workload sent so far and what the
// hub acknowledged of it.
type crashRun struct {
	t        *testing.T
	h        *crashHub
	rng      *rand.Rand
	token    string
	book     *ackBook
	model    []*crashOrder // every order sent, in every round
	received int64         // units of stock received
}

func runCrashRounds(t *testing.T, h *crashHub) {
	seed := crashSeed(t)
	r := &crashRun{t: t, h: h, rng: rand.New(rand.NewPCG(seed, seed>>32)), book: newAckBook()}
	r.token = setUpCrashHub(t, h)
	midway := 0
	for round := 1; round <= crashRounds; round++ {
		orders, reqs := roundLoad(r.rng, round, crashOrders)
		r.model = append(r.model, orders...)
		if r.killDuringBurst(round, orders, reqs) {
			midway++
		}
		mustCheck(t, h, fmt.Sprintf("after the kill in round %d", round))
		s := h.serve(r.token)
		r.verifyAcknowledged(round, s, orders)
		r.converge(round, s, reqs)
		s.kill()
		mustCheck(t, h, fmt.Sprintf("after round %d converged", round))
	}
	if midway == 0 {
		t.Errorf("no kill landed while requests were in flight, so nothing was tested: raise crashOrders")
	}
	checkersCanFail(t, r.model, r.book)
}

// killDuringBurst receives the round's stock, then sends its requests and
// SIGKILLs the hub at a random moment. It reports whether requests were
// in flight at the kill: on a fast machine the burst may end first.
func (r *crashRun) killDuringBurst(round int, orders []*crashOrder, reqs []crashReq) bool {
	killAfter := time.Duration(crashMinKillMS+r.rng.IntN(crashMaxKillMS-crashMinKillMS+1)) * time.Millisecond
	s := r.h.serve(r.token)
	r.received += receiveStock(r.t, s, round, orders)
	st := blast(s, reqs, crashWorkers, r.book, killAfter)
	if !st.killed {
		r.t.Fatalf("round %d: the hub ended on its own before the kill:\n%s", round, s.log)
	}
	r.t.Logf("round %d: killed after %v with %d requests in flight; %d of %d requests sent; %d orders acknowledged in all rounds",
		round, killAfter, st.inFlightAtKill, st.sent, len(reqs), len(r.book.ids))
	return st.inFlightAtKill > 0
}

// verifyAcknowledged checks, after a restart, that every version
// acknowledged in any round so far took effect and stayed.
func (r *crashRun) verifyAcknowledged(round int, s *served, orders []*crashOrder) {
	stored, problems := listCrashOrders(r.t, s)
	problems = append(problems, lostAcks(r.book, stored)...)
	problems = append(problems, versionsRecorded(r.t, s, r.book, stored, ackedIn(r.book, orders))...)
	failOn(r.t, fmt.Sprintf("round %d, after the restart", round), problems, r.book, s)
}

// converge sends every version of the round again, acknowledged or not,
// as a channel retries, and checks the hub ends where the model says.
func (r *crashRun) converge(round int, s *served, reqs []crashReq) {
	blast(s, reqs, crashWorkers, r.book, 0)
	stored, problems := listCrashOrders(r.t, s)
	onHand, reserved := stockLevel(r.t, s)
	problems = append(problems, notConverged(r.model, stored, reserved)...)
	if onHand != r.received {
		problems = append(problems, fmt.Sprintf("%d units on hand, but %d were received", onHand, r.received))
	}
	failOn(r.t, fmt.Sprintf("round %d, after every version was sent again", round), problems, r.book, s)
}

func crashSeed(t *testing.T) uint64 {
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("FNSHUB_CRASH_SEED"); v != "" {
		var err error
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("FNSHUB_CRASH_SEED=%q: %v", v, err)
		}
	}
	t.Logf("FNSHUB_CRASH_SEED=%d", seed)
	return seed
}

// setUpCrashHub adds an admin and its token with the CLI, and the SKU and
// warehouse over the API; it returns the token.
func setUpCrashHub(t *testing.T, h *crashHub) string {
	h.mustCLI("a long enough password\n", "user", "add", "--name", "crash", "--role", "admin", "--password-stdin")
	h.mustCLI("", "shop", "add", "--id", "CRASH", "--channel", "web", "--name", "crash test")
	token := strings.TrimSpace(h.mustCLI("", "token", "create", "--user", "crash", "--label", "crash test"))
	s := h.serve(token)
	s.mustJSON(t, nil, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`)
	s.mustJSON(t, nil, "POST", "/api/v1/warehouses", `{"code":"HZ","name":"杭州仓","province":"浙江省"}`)
	s.kill()
	return token
}

// receiveStock receives about 60% of what the round's orders ask for, so
// that some paid orders wait for stock.
func receiveStock(t *testing.T, s *served, round int, orders []*crashOrder) int64 {
	var demand int64
	for _, o := range orders {
		demand += o.qty
	}
	qty := demand * 6 / 10
	s.mustJSON(t, nil, "POST", "/api/v1/stock/receipts",
		fmt.Sprintf(`{"sku":"TEA-250","warehouse":"HZ","quantity":%d,"unit_cost":{"amount":"4.00","currency":"CNY"}}`, qty),
		"Idempotency-Key", fmt.Sprintf("crash-receipt-%d", round))
	return qty
}

// mustCheck runs `fnshub check`, which must find every invariant intact.
func mustCheck(t *testing.T, h *crashHub, when string) {
	t.Helper()
	code, out, errw := h.cli("", "check")
	if code != 0 || !strings.HasPrefix(out, "ok:") {
		t.Fatalf("fnshub check %s: exit %d\n%s%s", when, code, out, errw)
	}
}

// ackedIn lists the orders among these that have an acknowledged version.
func ackedIn(book *ackBook, orders []*crashOrder) []string {
	var exts []string
	for _, o := range orders {
		if book.ids[o.ext] != 0 {
			exts = append(exts, o.ext)
		}
	}
	return exts
}

// failOn stops the test with every problem found, and the answers no
// correct hub gives.
func failOn(t *testing.T, when string, problems []string, book *ackBook, s *served) {
	t.Helper()
	problems = append(problems, book.problems...)
	if len(problems) == 0 {
		return
	}
	slices.Sort(problems)
	if len(problems) > 20 {
		problems = append(problems[:20], fmt.Sprintf("… and %d more", len(problems)-20))
	}
	t.Fatalf("%s:\n  %s\nserver log:\n%s", when, strings.Join(problems, "\n  "), s.log)
}
