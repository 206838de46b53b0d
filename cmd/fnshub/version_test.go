package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestCLI_VersionPrintsEveryField(t *testing.T) {
	out := newCLI(t).mustRun("", "version")
	for _, field := range []string{"fnshub ", "\nrevision ", "\ncommitted ", "\nmodified "} {
		if !strings.Contains(out, field) {
			t.Errorf("fnshub version lacks %q:\n%s", field, out)
		}
	}
	// A test binary is built with -buildvcs=false or outside VCS stamping;
	// whatever it lacks must read "unknown", never an empty value.
	for line := range strings.Lines(out) {
		if f := strings.Fields(line); len(f) != 2 {
			t.Errorf("line %q should be a name and a value", line)
		}
	}
}

func TestDescribeBuild(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-11-11T00:00:00Z"},
		{Key: "vcs.modified", Value: "true"}, {Key: "-buildmode", Value: "exe"}}}
	got := describeBuild(info)
	want := build{Version: "v1.2.3", Revision: "0123456789abcdef0123", Time: "2026-11-11T00:00:00Z", Modified: "true"}
	if got != want {
		t.Fatalf("describeBuild = %+v, want %+v", got, want)
	}
	none := describeBuild(&debug.BuildInfo{})
	if none != (build{unknown, unknown, unknown, unknown}) {
		t.Fatalf("describeBuild of an unstamped build = %+v, want unknown everywhere", none)
	}
	if describeBuild(nil) != none {
		t.Fatal("describeBuild(nil) differs from an unstamped build")
	}
}
