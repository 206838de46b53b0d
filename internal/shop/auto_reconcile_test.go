package shop

import (
	"errors"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
)

// settlement_auto_reconcile is on unless it says off, and says nothing
// else: a value the hub would not read is refused when saved, naming it.
func TestAutoReconcileSetting(t *testing.T) {
	for value, want := range map[string]bool{"": true, "on": true, "off": false} {
		s := Shop{Settings: map[string]string{}}
		if value != "" {
			s.Settings[SettingAutoReconcile] = value
		}
		if got := s.AutoReconciles(); got != want {
			t.Errorf("%q: AutoReconciles = %v, want %v", value, got, want)
		}
		if value != "" {
			if err := validSettings(s.Settings); err != nil {
				t.Errorf("%q refused: %v", value, err)
			}
		}
	}
	for _, value := range []string{"false", "OFF", "no"} {
		err := validSettings(map[string]string{SettingAutoReconcile: value})
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Field != "settings."+SettingAutoReconcile {
			t.Errorf("%q: %v, want Invalid naming settings.%s", value, err, SettingAutoReconcile)
		}
	}
}
