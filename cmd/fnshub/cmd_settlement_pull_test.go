package main

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/sandbox"
	simamazon "github.com/fnshub/fnshub/internal/sandbox/amazon"
)

// TestCLI_SettlementPull: an Amazon shop's settlement reports pulled from
// the simulated SP-API through the shop's stored credentials, twice: the
// second pull finds nothing new; a failed download fails the command and
// the next pull brings the report.
func TestCLI_SettlementPull(t *testing.T) {
	seller := simamazon.New(simamazon.Options{})
	for i, id := range []string{"18906543210", "18906543211"} {
		tsv, err := os.ReadFile("../../internal/settlement/pull/amazon/testdata/settlement_" + string(rune('1'+i)) + ".tsv")
		if err != nil {
			t.Fatal(err)
		}
		seller.AddSettlement(id, time.Now().Add(time.Duration(i-20)*24*time.Hour), tsv, true)
	}
	srv := httptest.NewServer(seller.Handler())
	defer srv.Close()
	c := newCLI(t)
	c.mustRun("", "shop", "add", "--id", "az1", "--channel", "amazon", "--name", "Amazon UK")
	code, _, errw := c.run(context.Background(), "", "settlement", "pull", "--shop", "az1")
	if code == exitOK || !strings.Contains(errw, "settlement_pull=amazon-settlement") {
		t.Fatalf("a shop without a source: exit %d, %s", code, errw)
	}
	c.mustRun("", "shop", "update", "--id", "az1", "--api-base-url", srv.URL, "--setting", "settlement_pull=amazon-settlement",
		"--setting", "lwa_client_id="+seller.ClientID())
	code, _, errw = c.run(context.Background(), "", "settlement", "pull", "--shop", "az1")
	if code == exitOK || !strings.Contains(errw, "lwa_client_secret") {
		t.Fatalf("a shop without its secrets: exit %d, %s", code, errw)
	}
	c.mustRun(seller.ClientSecret()+"\n", "shop", "secret", "set", "--shop", "az1", "--name", "lwa_client_secret")
	c.mustRun(seller.RefreshToken()+"\n", "shop", "secret", "set", "--shop", "az1", "--name", "lwa_refresh_token")

	seller.DownloadFaults().Queue(sandbox.None, sandbox.ServerError, sandbox.ServerError, sandbox.ServerError)
	code, out, errw := c.run(context.Background(), "", "settlement", "pull", "--shop", "az1")
	if code == exitOK || strings.Count(out, "applied:") != 1 || !strings.Contains(errw, "amazon-settlement") {
		t.Fatalf("the second report's download fails: exit %d\n%s\n%s", code, out, errw)
	}
	if out := c.mustRun("", "settlement", "pull", "--shop", "az1"); strings.Count(out, "applied:") != 1 || !strings.Contains(out, "3 lines new") {
		t.Fatalf("the next pull brings the second report only:\n%s", out)
	}
	if out := c.mustRun("", "settlement", "pull", "--shop", "az1"); out != "amazon-settlement: nothing new\n" {
		t.Fatalf("then nothing:\n%s", out)
	}
	if out := c.mustRun("", "settlement", "list", "--shop", "az1"); !strings.Contains(out, "18906543210") || !strings.Contains(out, "18906543211") {
		t.Fatalf("both payouts stored:\n%s", out)
	}
}
