package app

import (
	"context"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/fault"
)

// ConnectionRequest is what a merchant saves of an ERP connection.
// Secrets are write-only: set here, never shown again; one left out keeps
// its value.
type ConnectionRequest struct {
	BaseURL  string            `json:"base_url"`
	Settings map[string]string `json:"settings"`
	Secrets  map[string]string `json:"secrets"`
}

// fileSettings are the settings every ERP's import file may use
// (erp.FileOptions), beside those its pusher reads.
var fileSettings = []string{"account_book", "voucher_word", "subsidiary", "journal"}

const maxSecretLen = 4096

// SaveConnection validates and saves erp's connection, sealing its
// secrets. Errors: Invalid naming the field.
func (x *Vouchers) SaveConnection(ctx context.Context, name string, req ConnectionRequest) (erp.Connection, error) {
	if err := erp.CheckName("erp", name); err != nil {
		return erp.Connection{}, err
	}
	if err := validBaseURL(req.BaseURL); err != nil {
		return erp.Connection{}, err
	}
	known, secretNames := slices.Clone(fileSettings), []string(nil)
	if spec, ok := erp.Lookup(name); ok {
		known, secretNames = append(known, spec.Settings...), spec.Secrets
	}
	for _, k := range slices.Sorted(maps.Keys(req.Settings)) {
		if !slices.Contains(known, k) {
			return erp.Connection{}, fault.Invalidf("settings."+k, "erp_setting_unknown", "%s has no setting %q; it reads %s", name, k, strings.Join(known, ", "))
		}
		if len(req.Settings[k]) > 256 {
			return erp.Connection{}, fault.Invalidf("settings."+k, "erp_setting_too_long", "a setting is at most 256 bytes")
		}
	}
	var sealed []erp.SealedSecret
	for _, k := range slices.Sorted(maps.Keys(req.Secrets)) {
		v := req.Secrets[k]
		switch {
		case !slices.Contains(secretNames, k):
			return erp.Connection{}, fault.Invalidf("secrets."+k, "erp_secret_unknown", "%s has no secret %q; it reads %s", name, k, strings.Join(secretNames, ", "))
		case v == "" || len(v) > maxSecretLen:
			return erp.Connection{}, fault.Invalidf("secrets."+k, "erp_secret_invalid", "secret %s must be 1 to %d bytes", k, maxSecretLen)
		}
		s, err := erp.SealSecret(x.keys, name, k, v)
		if err != nil {
			return erp.Connection{}, err
		}
		sealed = append(sealed, s)
	}
	settings := req.Settings
	if settings == nil {
		settings = map[string]string{}
	}
	return x.store.PutConnection(ctx, erp.Connection{ERP: name, BaseURL: req.BaseURL, Settings: settings, UpdatedAt: x.now()}, sealed)
}

func validBaseURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > 512 {
		return fault.Invalidf("base_url", "erp_base_url_invalid", "base_url %q must be an http(s) address, e.g. https://k3.example.cn/k3cloud/", s)
	}
	return nil
}

// Pusher builds erp's pusher from its saved connection, its secrets
// opened only for this call.
func (x *Vouchers) Pusher(ctx context.Context, name string) (erp.Pusher, error) {
	c, sealed, err := x.store.Connection(ctx, name)
	if err != nil {
		return nil, err
	}
	secrets := map[string]string{}
	for _, s := range sealed {
		if secrets[s.Name], err = erp.OpenSecret(x.keys, s); err != nil {
			return nil, err
		}
	}
	p, err := erp.Open(name, erp.Config{BaseURL: c.BaseURL, Settings: c.Settings, Secrets: secrets, HTTP: x.HTTP})
	if err != nil {
		return nil, fault.New(fault.Invalid, "erp_connection_invalid", "%s connection cannot push: %v; fix it with PUT /api/v1/erp/%s/settings", name, err, name)
	}
	return p, nil
}

// SaveAccountMap validates entries and saves them as erp's next map
// version. Errors: Invalid naming the entry.
func (x *Vouchers) SaveAccountMap(ctx context.Context, name string, entries []erp.MapEntry) (erp.Map, error) {
	if err := erp.CheckName("erp", name); err != nil {
		return erp.Map{}, err
	}
	entries, err := erp.ValidateEntries(entries)
	if err != nil {
		return erp.Map{}, err
	}
	return x.store.SaveMap(ctx, name, entries, x.now())
}

// AccountMap returns erp's newest map. Errors: NotFound.
func (x *Vouchers) AccountMap(ctx context.Context, name string) (erp.Map, error) {
	if err := erp.CheckName("erp", name); err != nil {
		return erp.Map{}, err
	}
	return x.store.CurrentMap(ctx, name)
}

// PushStatus returns what became of each voucher of the period pushed to
// erp (entity 0: every entity).
func (x *Vouchers) PushStatus(ctx context.Context, name string, entity int64, period string) ([]erp.Push, error) {
	if err := erp.CheckName("erp", name); err != nil {
		return nil, err
	}
	if _, err := erp.ParsePeriod(period, time.UTC); err != nil {
		return nil, err
	}
	return x.store.Pushes(ctx, name, entity, period)
}

// Configured lists the ERPs with a saved connection and a pusher in this
// build: what the scheduled push pushes to.
func (x *Vouchers) Configured(ctx context.Context) ([]string, error) {
	cs, err := x.store.Connections(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range cs {
		if _, ok := erp.Lookup(c.ERP); ok {
			out = append(out, c.ERP)
		}
	}
	return out, nil
}
