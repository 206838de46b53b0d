package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/fnshub/fnshub/internal/config"
)

func versionCmd() command {
	return command{name: "version", summary: "print the version", help: "Prints the module version and VCS revision this binary was built from.",
		run: func(_ context.Context, env cliEnv, _ config.Config) error {
			fmt.Fprintln(env.stdout, "fnshub", version())
			return nil
		}}
}

// version is the module version, or the VCS revision for a development build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " (" + s.Value[:12] + ")"
		}
	}
	return v
}
