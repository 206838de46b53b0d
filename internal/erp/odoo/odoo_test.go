package odoo_test

import (
	"net/http/httptest"
	"testing"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/erp/erpcall/pushtest"
	"github.com/fnshub/fnshub/internal/erp/odoo"
	sbodoo "github.com/fnshub/fnshub/internal/sandbox/odoo"
)

func start(t *testing.T) (*sbodoo.Server, *httptest.Server) {
	t.Helper()
	sb := sbodoo.New(sbodoo.Options{APIKey: "odoo-key-1", Database: "mycompany",
		Accounts: map[string]int64{"1002": 11, "1012": 12, "6601": 13}})
	srv := httptest.NewServer(sb.Handler())
	t.Cleanup(srv.Close)
	return sb, srv
}

func TestPushSuite(t *testing.T) {
	pushtest.Run(t, func(t *testing.T) pushtest.Harness {
		sb, srv := start(t)
		return pushtest.Harness{
			Pusher: func(bad bool, retry erpcall.Retry) erp.Pusher {
				key := "odoo-key-1"
				if bad {
					key = "revoked"
				}
				return odoo.New(odoo.Config{BaseURL: srv.URL, Database: "mycompany", APIKey: key, Currency: "CNY", Retry: retry, HTTP: srv.Client()})
			},
			Held: func() map[string]int {
				held := map[string]int{}
				for _, m := range sb.Moves() {
					held[m.Ref]++
				}
				return held
			},
			Faults:       sb.Faults(),
			RefuseCreate: sb.RefuseCreate, LoseCreateAnswer: sb.LoseCreateAnswer,
		}
	})
}
