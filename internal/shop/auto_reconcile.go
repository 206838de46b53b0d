package shop

import "github.com/fnshub/fnshub/internal/fault"

// SettingAutoReconcile is the setting that turns off the reconciliation of
// the shop's payouts after each settlement import: "off"; "on", or no
// setting, keeps it (docs/adr/0063-automatic-reconciliation.md). Unlike a
// platform's settings it means something to the hub itself, so its value
// is checked when it is saved.
const SettingAutoReconcile = "settlement_auto_reconcile"

// AutoReconciles reports whether the shop's payouts are reconciled after
// each import that brought something new.
func (s Shop) AutoReconciles() bool { return s.Settings[SettingAutoReconcile] != "off" }

// validHubSetting checks the value of a setting the hub reads itself.
func validHubSetting(field, name, value string) error {
	if name == SettingAutoReconcile && value != "on" && value != "off" {
		return fault.Invalidf(field, "setting_invalid", "setting %s is on (the default) or off", name)
	}
	return nil
}
