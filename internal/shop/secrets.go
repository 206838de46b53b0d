package shop

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// errNoKeys is a wiring bug: the service was built without WithKeys.
var errNoKeys = errors.New("shop: secrets need the master keyring; build the service with WithKeys")

// mergeSettings applies a patch's settings to old: a value sets, nil
// removes. old is not changed.
func mergeSettings(old map[string]string, patch map[string]*string) map[string]string {
	out := maps.Clone(old)
	if out == nil {
		out = map[string]string{}
	}
	for name, v := range patch {
		if v == nil {
			delete(out, name)
		} else {
			out[name] = *v
		}
	}
	return out
}

// sealAll validates and seals a new shop's secrets, in name order so the
// first bad one reported is always the same.
func (s *Service) sealAll(shopID string, secrets map[string]string, at time.Time) ([]SealedSecret, error) {
	if len(secrets) > MaxSecrets {
		return nil, fault.Invalidf("secrets", "secrets_invalid", "a shop may have at most %d secrets", MaxSecrets)
	}
	var out []SealedSecret
	for _, name := range slices.Sorted(maps.Keys(secrets)) {
		if err := ValidSecret("secrets."+name, name, secrets[name]); err != nil {
			return nil, err
		}
		if s.keys == nil {
			return nil, errNoKeys
		}
		sealed, err := sealSecret(s.keys, shopID, name, secrets[name])
		if err != nil {
			return nil, fmt.Errorf("shop %s: seal secret %s: %w", shopID, name, err)
		}
		sealed.SetAt = at
		out = append(out, sealed)
	}
	return out, nil
}

// SetSecret sets the shop's secret name to value, or rotates it when it
// is set: a fresh data key seals the new value, and rotated_at records
// when. The answer shows the name and dates only. Errors: Invalid (field
// "value" for the value, "name" for the name), NotFound.
func (s *Service) SetSecret(ctx context.Context, shopID, name, value string) (SecretInfo, error) {
	if !ValidCredentialName(name) {
		return SecretInfo{}, fault.Invalidf("name", "secret_name_invalid", "%s", nameRule("secret"))
	}
	if err := ValidSecret("value", name, value); err != nil {
		return SecretInfo{}, err
	}
	if s.keys == nil {
		return SecretInfo{}, errNoKeys
	}
	sealed, err := sealSecret(s.keys, shopID, name, value)
	if err != nil {
		return SecretInfo{}, fmt.Errorf("shop %s: seal secret %s: %w", shopID, name, err)
	}
	sealed.SetAt = s.now().UTC().Truncate(time.Microsecond)
	info, err := s.store.PutSecret(ctx, sealed)
	s.cache.Delete(shopID)
	return info, err
}

// DeleteSecret removes the shop's secret name. Errors: NotFound.
func (s *Service) DeleteSecret(ctx context.Context, shopID, name string) error {
	err := s.store.DeleteSecret(ctx, shopID, name)
	s.cache.Delete(shopID)
	return err
}

// Credentials returns what a connector for the shop is built from: its
// settings, its secrets opened, and its API base URL ("" for the
// platform's own). It reads the database every time and keeps nothing:
// opened secrets live only in the caller's hands, so a rotation or a
// deletion is seen by the next call. Errors name the shop and secret and
// the master key id, never a value. Errors: NotFound, Internal (a secret
// that does not open: moved, altered, or its master key missing).
func (s *Service) Credentials(ctx context.Context, shopID string) (settings, secrets map[string]string, baseURL string, err error) {
	if s.keys == nil {
		return nil, nil, "", errNoKeys
	}
	sh, sealed, err := s.store.GetSealed(ctx, shopID)
	if err != nil {
		return nil, nil, "", err
	}
	secrets = make(map[string]string, len(sealed))
	for _, sec := range sealed {
		v, err := openSecret(s.keys, sec)
		if err != nil {
			return nil, nil, "", err
		}
		secrets[sec.Name] = v
	}
	settings = maps.Clone(sh.Settings)
	if settings == nil {
		settings = map[string]string{}
	}
	return settings, secrets, sh.APIBaseURL, nil
}

// ResealReport counts what Reseal did.
type ResealReport struct {
	KeyID    string // the current master key every secret should be under
	Resealed int    // data keys re-sealed under it
	Failed   []SecretRef
}

// resealPage is how many secrets Reseal reads at a time.
const resealPage = 100

// Reseal re-seals, under the keyring's current master key, the data key
// of every secret sealed by an older one; the values themselves are not
// touched. The old keys must still be in the keyring. A secret whose data
// key does not open is counted in Failed and left as it is; the error
// then names each such shop and secret.
func (s *Service) Reseal(ctx context.Context) (ResealReport, error) {
	if s.keys == nil {
		return ResealReport{}, errNoKeys
	}
	rep := ResealReport{KeyID: s.keys.CurrentID()}
	var failures []error
	for after := (SecretRef{}); ; {
		page, err := s.store.StaleSecrets(ctx, rep.KeyID, after, resealPage)
		if err != nil {
			return rep, err
		}
		for _, sec := range page {
			done, err := s.reseal(ctx, sec)
			switch {
			case err != nil && ctx.Err() != nil:
				return rep, err
			case err != nil:
				rep.Failed = append(rep.Failed, SecretRef{sec.ShopID, sec.Name})
				failures = append(failures, err)
			case done:
				rep.Resealed++
			}
			s.cache.Delete(sec.ShopID)
		}
		if len(page) < resealPage {
			return rep, errors.Join(failures...)
		}
		last := page[len(page)-1]
		after = SecretRef{last.ShopID, last.Name}
	}
}

func (s *Service) reseal(ctx context.Context, sec SealedSecret) (bool, error) {
	dataKey, err := openDataKey(s.keys, sec)
	if err != nil {
		return false, err
	}
	defer clear(dataKey)
	next, err := wrapDataKey(s.keys, sec, dataKey)
	if err != nil {
		return false, err
	}
	return s.store.RewrapSecret(ctx, sec, next.KeyID, next.DataKey)
}
