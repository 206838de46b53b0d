package channeltest_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/channel/channeltest"
)

// TestRun_FakePlatform runs the suite against the fake platform. Broken by
// FNSHUB_CHANNELTEST_BREAK, it is what TestRun_CatchesBrokenConnectors runs
// in a child process.
func TestRun_FakePlatform(t *testing.T) {
	channeltest.Run(t, newFakeHarness(t, os.Getenv("FNSHUB_CHANNELTEST_BREAK")))
}

// TestRun_CatchesBrokenConnectors shows each check of the suite can fail:
// the fake connector broken one way fails the subtest that checks it. The
// suite runs in a child process because its failures would fail this test.
func TestRun_CatchesBrokenConnectors(t *testing.T) {
	if os.Getenv("FNSHUB_CHANNELTEST_BREAK") != "" {
		return // the child process: TestRun_FakePlatform is the test
	}
	for brk, subtest := range map[string]string{
		"last_page":        "pull_finds_every_order_of_a_window_across_pages_and_none_outside_it",
		"window_end":       "pull_finds_every_order_of_a_window_across_pages_and_none_outside_it",
		"unknown_rejected": "fetch_of_an_unknown_order_is_NotFound",
		"no_cas":           "stock_push_with_a_wrong_Expected_is_a_Conflict",
		"reship_error":     "shipment_lands_and_pushing_it_again_is_nil",
		"no_verify":        "a_forged_webhook_is_BadSignature_and_a_signed_one_verifies",
		"throttle_unseen":  "faults/throttle_is_waited_out_or_Throttled_with_RetryAfter",
		"body_once":        "faults/server_error_on_a_stock_push_is_retried_and_lands",
	} {
		t.Run(brk, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestRun_FakePlatform$", "-test.v")
			cmd.Env = append(os.Environ(), "FNSHUB_CHANNELTEST_BREAK="+brk)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a connector broken by %s:\n%s", brk, out)
			}
			if !strings.Contains(string(out), "--- FAIL: TestRun_FakePlatform/"+subtest) {
				t.Errorf("broken by %s, the suite did not fail %s:\n%s", brk, subtest, out)
			}
		})
	}
}
