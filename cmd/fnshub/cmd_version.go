package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/fnshub/fnshub/internal/config"
)

func versionCmd() command {
	return command{name: "version", summary: "print the version",
		help: "Prints the module version and the VCS revision, commit time and whether the tree had\n" +
			"uncommitted changes, as the Go toolchain recorded them in the binary. A field the build did not\n" +
			"record (go run, -buildvcs=false, a build outside a checkout) reads \"unknown\".",
		run: func(_ context.Context, env cliEnv, _ config.Config) error {
			info, _ := debug.ReadBuildInfo()
			printBuild(env.stdout, describeBuild(info))
			return nil
		}}
}

// build is what a binary knows of where it came from.
type build struct {
	Version, Revision, Time, Modified string
}

const unknown = "unknown"

// describeBuild reads the module version and the vcs.* settings the Go
// toolchain stamps into a binary built in a checkout. Link-time -X
// variables would duplicate this and go stale, so there are none.
func describeBuild(info *debug.BuildInfo) build {
	b := build{Version: unknown, Revision: unknown, Time: unknown, Modified: unknown}
	if info == nil {
		return b
	}
	if v := info.Main.Version; v != "" {
		b.Version = v
	}
	for _, s := range info.Settings {
		if s.Value == "" {
			continue
		}
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value
		}
	}
	return b
}

func printBuild(w io.Writer, b build) {
	fmt.Fprintf(w, "fnshub %s\nrevision %s\ncommitted %s\nmodified %s\n", b.Version, b.Revision, b.Time, b.Modified)
}

// version is the one-line form for logs and /healthz: the module version,
// and the short revision when the build recorded one.
func version() string {
	info, _ := debug.ReadBuildInfo()
	b := describeBuild(info)
	v := b.Version
	if r := b.Revision; r != unknown {
		if len(r) > 12 {
			r = r[:12]
		}
		v += " (" + r
		if b.Modified == "true" {
			v += ", modified"
		}
		v += ")"
	}
	return v
}
