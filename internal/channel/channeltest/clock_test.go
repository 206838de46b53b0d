package channeltest

import (
	"context"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func TestClock_AutoJumpsToTheWakeUpAndNeverBack(t *testing.T) {
	c := NewClock(t0)
	_ = c.Sleep(context.Background(), 5*time.Second)
	if got := c.Now(); !got.Equal(t0.Add(5 * time.Second)) {
		t.Fatalf("after a 5 s sleep the clock reads +%v", got.Sub(t0))
	}
	_ = c.Sleep(context.Background(), -time.Second)
	if got := c.Now(); !got.Equal(t0.Add(5 * time.Second)) {
		t.Errorf("a negative sleep moved the clock to +%v", got.Sub(t0))
	}
	if s := c.Slept(); len(s) != 1 || s[0] != 5*time.Second {
		t.Errorf("Slept = %v, want the one 5 s wait", s)
	}
}

func TestClock_ManualHoldsSleepersUntilAdvance(t *testing.T) {
	c := NewManualClock(t0)
	woke, done := make(chan error, 1), make(chan struct{})
	go func() { defer close(done); woke <- c.Sleep(context.Background(), 3*time.Second) }()
	if !c.WaitSleepers(1, done) {
		t.Fatal("the sleeper did not sleep")
	}
	c.Advance(2 * time.Second)
	if got := c.Sleepers(); len(got) != 1 || !got[0].Equal(t0.Add(3*time.Second)) {
		t.Fatalf("after 2 s the sleepers wake at %v, want one at +3s", got)
	}
	c.Advance(time.Second)
	if err := <-woke; err != nil {
		t.Fatal(err)
	}
	if n := len(c.Sleepers()); n != 0 {
		t.Errorf("%d sleepers left after their time came", n)
	}
}

func TestClock_CancelWakesAManualSleeper(t *testing.T) {
	c := NewManualClock(t0)
	ctx, cancel := context.WithCancel(context.Background())
	woke, done := make(chan error, 1), make(chan struct{})
	go func() { defer close(done); woke <- c.Sleep(ctx, time.Hour) }()
	if !c.WaitSleepers(1, done) {
		t.Fatal("the sleeper did not sleep")
	}
	cancel()
	if err := <-woke; err != context.Canceled {
		t.Errorf("Sleep = %v, want context.Canceled", err)
	}
	if n := len(c.Sleepers()); n != 0 {
		t.Errorf("%d sleepers left after the cancel", n)
	}
}

func TestFastClock_RunsFastAndNeverWakesEarly(t *testing.T) {
	start := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	c := NewFastClock(start, 600)
	wall := time.Now()
	before := c.Now()
	if err := c.Sleep(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	if slept := c.Now().Sub(before); slept < time.Minute {
		t.Fatalf("a sleep of a minute woke after %v of simulated time", slept)
	}
	if w := time.Since(wall); w < 100*time.Millisecond {
		t.Fatalf("a minute at 600× took %v of the wall, want at least 100 ms", w)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Sleep(ctx, time.Hour); err != context.Canceled {
		t.Fatalf("a cancelled sleep: %v", err)
	}
}
