package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/job"
)

// Topics of the health check's events (docs/events/shop.*.v1.json).
const (
	TopicShopDegraded  = "shop.degraded"
	TopicShopRecovered = "shop.recovered"
)

// healthCheck is the periodic job that compares every shop's status with
// the last one seen.
type healthCheck struct{}

func (healthCheck) Kind() string { return "shop.health" }

// Register adds the health check to w: every Every, one at a time.
func (m *Monitor) Register(w *job.Workers) {
	job.Register(w, func(ctx context.Context, _ job.Job, _ healthCheck) error { return m.Check(ctx) })
	w.Every(m.opt.Every, healthCheck{})
}

// Check judges every shop and, for each whose status changed since the
// last check, records the new one and writes shop.degraded (ok to degraded
// or down, or between those two) or shop.recovered (back to ok) to the
// outbox in the same transaction. A shop never seen counts as ok before.
// Reasons that change under an unchanged status are recorded quietly.
func (m *Monitor) Check(ctx context.Context) error {
	hs, err := m.All(ctx)
	if err != nil {
		return err
	}
	var marks map[string]channel.HealthMark
	if err := m.unit.Read(ctx, func(s Stores) (err error) {
		marks, err = s.Sync.HealthMarks(ctx)
		return err
	}); err != nil {
		return fmt.Errorf("app: health marks: %w", err)
	}
	var errs []error
	for _, h := range hs {
		if err := m.record(ctx, h, marks[h.Shop]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// record saves h's status when it differs from the last mark, with its
// announcement when the status itself changed.
func (m *Monitor) record(ctx context.Context, h Health, last channel.HealthMark) error {
	previous := HealthStatus(last.Status)
	if previous == "" {
		previous = StatusOK
	}
	next := channel.HealthMark{Shop: h.Shop, Status: string(h.Status), Reasons: codes(h.Reasons), ChangedAt: last.ChangedAt}
	var ann []channel.Announcement
	if h.Status != previous {
		next.ChangedAt = h.CheckedAt
		a, err := announce(h, previous, last)
		if err != nil {
			return err
		}
		ann = append(ann, a)
	} else if last.Shop == "" || slices.Equal(next.Reasons, last.Reasons) {
		return nil // nothing new: an ok shop never degraded needs no mark
	}
	err := m.unit.InTx(ctx, func(s Stores) error { return s.Sync.SaveHealthMark(ctx, next, ann...) })
	if err != nil {
		return fmt.Errorf("app: record the health of shop %s: %w", h.Shop, err)
	}
	return nil
}

// shopDegraded is shop.degraded's payload (docs/events/shop.degraded.v1.json).
type shopDegraded struct {
	Shop        string       `json:"shop"`
	Platform    string       `json:"platform"`
	Status      HealthStatus `json:"status"`
	Previous    HealthStatus `json:"previous"`
	Reasons     []Reason     `json:"reasons"`
	At          time.Time    `json:"at"`
	LagSeconds  float64      `json:"pull_lag_seconds"`
	ErrorRate   float64      `json:"error_rate"`
	DeadLetters int          `json:"dead_letters"`
	Breaker     string       `json:"breaker"`
}

// shopRecovered is shop.recovered's payload (docs/events/shop.recovered.v1.json).
type shopRecovered struct {
	Shop     string       `json:"shop"`
	Platform string       `json:"platform"`
	Status   HealthStatus `json:"status"`
	Previous HealthStatus `json:"previous"`
	// RecoveredFrom are the codes of the reasons last seen before recovery.
	RecoveredFrom []string  `json:"recovered_from"`
	DegradedAt    time.Time `json:"degraded_at"`
	At            time.Time `json:"at"`
}

func announce(h Health, previous HealthStatus, last channel.HealthMark) (channel.Announcement, error) {
	var topic string
	var payload any
	if h.Status == StatusOK {
		from := last.Reasons
		if from == nil {
			from = []string{}
		}
		topic, payload = TopicShopRecovered, shopRecovered{Shop: h.Shop, Platform: h.Platform, Status: h.Status, Previous: previous,
			RecoveredFrom: from, DegradedAt: last.ChangedAt, At: h.CheckedAt}
	} else {
		topic, payload = TopicShopDegraded, shopDegraded{Shop: h.Shop, Platform: h.Platform, Status: h.Status, Previous: previous,
			Reasons: h.Reasons, At: h.CheckedAt, LagSeconds: h.Pull.LagSeconds, ErrorRate: h.Client.ErrorRate,
			DeadLetters: h.Jobs.Discarded, Breaker: h.Client.Breaker}
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return channel.Announcement{}, fmt.Errorf("app: encode %s of shop %s: %w", topic, h.Shop, err)
	}
	return channel.Announcement{Topic: topic, Payload: b}, nil
}
