package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/shop"
	"golang.org/x/term"
)

// settingFlags collects repeated --setting KEY=VALUE flags in order.
type settingFlags struct{ pairs [][2]string }

func (f *settingFlags) String() string { return "" }
func (f *settingFlags) Set(s string) error {
	key, value, ok := strings.Cut(s, "=")
	if !ok || key == "" {
		return fmt.Errorf("--setting takes KEY=VALUE, e.g. shop_domain=tea.myshopify.com, not %q", s)
	}
	f.pairs = append(f.pairs, [2]string{key, value})
	return nil
}

// values are the settings of a new shop (nil when none was given).
func (f *settingFlags) values() map[string]string {
	if len(f.pairs) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, p := range f.pairs {
		out[p[0]] = p[1]
	}
	return out
}

// patch is the settings change of an update: KEY= removes KEY.
func (f *settingFlags) patch() map[string]*string {
	if len(f.pairs) == 0 {
		return nil
	}
	out := map[string]*string{}
	for _, p := range f.pairs {
		if p[1] == "" {
			out[p[0]] = nil
		} else {
			v := p[1]
			out[p[0]] = &v
		}
	}
	return out
}

func shopSecretCmd() command {
	var verb, id, name string
	return command{name: "shop secret", verb: "set|delete|list|reseal", chosen: &verb,
		args:    "set --shop ID --name NAME < value | delete --shop ID --name NAME | list --shop ID | reseal",
		summary: "set, rotate, delete or list a shop's secrets; re-seal them after a master key rotation",
		help: "A shop's secrets (access_token, app_secret, webhook_secret, session …) are sealed with the master key\n" +
			"(FNSHUB_MASTER_KEY or the data directory's master.key) and never shown again.\n" +
			"set: reads the value from standard input, never from a flag (shell history and ps would show it):\n" +
			"  printf %s \"$TOKEN\" | fnshub shop secret set --shop sf-1 --name access_token\n" +
			"  One trailing line break is dropped; at a terminal it asks without echo. Setting a secret that is\n" +
			"  set rotates it: the new value replaces the old, and rotated_at records when.\n" +
			"delete: removes one secret.\n" +
			"list: prints the shop's secret names and when each was set and rotated, never a value.\n" +
			"reseal: after a master key rotation (FNSHUB_MASTER_KEY=new:<key>,old:<key>, the old key still\n" +
			"  listed), re-seals every secret not under the current key and reports the counts; the values\n" +
			"  are unchanged. Buyers' personal data is not re-sealed by it, so keep the old key listed.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&id, "shop", "", "the shop's id")
			fs.StringVar(&name, "name", "", "the secret's name, e.g. access_token")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			switch {
			case verb != "reseal" && id == "":
				return usageErr("--shop is required")
			case (verb == "set" || verb == "delete") && name == "":
				return usageErr("--name is required")
			}
			var value string
			if verb == "set" {
				var err error
				if value, err = readSecret(env, name); err != nil {
					return err
				}
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				switch verb {
				case "set":
					info, err := h.shops.SetSecret(ctx, id, name, value)
					if err != nil {
						return err
					}
					word := "set"
					if info.RotatedAt != nil {
						word = "rotated"
					}
					fmt.Fprintf(env.stdout, "%s secret %s of shop %s\n", word, info.Name, id)
					return h.recordCLI(ctx, env, "shop secret set", "shop "+id+" secret "+name, nil)
				case "delete":
					if err := h.shops.DeleteSecret(ctx, id, name); err != nil {
						return err
					}
					fmt.Fprintf(env.stdout, "deleted secret %s of shop %s\n", name, id)
					return h.recordCLI(ctx, env, "shop secret delete", "shop "+id+" secret "+name, nil)
				case "list":
					return listSecrets(ctx, env, cfg, h, id)
				}
				return reseal(ctx, env, h)
			})
		}}
}

// readSecret reads a secret's value: all of standard input, less one
// trailing line break, or at a terminal one line without echo. Reading
// stops just past the bound so a runaway pipe is refused, not buffered.
func readSecret(env cliEnv, name string) (string, error) {
	if f, ok := env.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(env.stderr, "Value of %s (not shown): ", name)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.stderr)
		if err != nil {
			return "", fmt.Errorf("read the secret: %w", err)
		}
		return string(b), nil
	}
	b, err := io.ReadAll(io.LimitReader(env.stdin, shop.MaxSecretBytes+3))
	if err != nil {
		return "", fmt.Errorf("read the secret from standard input: %w", err)
	}
	b = bytes.TrimSuffix(bytes.TrimSuffix(b, []byte("\n")), []byte("\r"))
	switch {
	case len(b) == 0:
		return "", usageErr("standard input is empty: pipe the secret in, e.g. printf %%s \"$TOKEN\" | fnshub shop secret set --shop ID --name %s", name)
	case len(b) > shop.MaxSecretBytes:
		return "", usageErr("the secret on standard input is longer than %d bytes", shop.MaxSecretBytes)
	}
	return string(b), nil
}

func listSecrets(ctx context.Context, env cliEnv, cfg config.Config, h *hub, id string) error {
	sh, err := h.shops.Get(ctx, id)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSET\tROTATED")
	for _, s := range sh.Secrets {
		rotated := "-"
		if s.RotatedAt != nil {
			rotated = s.RotatedAt.In(cfg.Location()).Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, s.SetAt.In(cfg.Location()).Format(time.RFC3339), rotated)
	}
	return tw.Flush()
}

func reseal(ctx context.Context, env cliEnv, h *hub) error {
	rep, err := h.shops.Reseal(ctx)
	fmt.Fprintf(env.stdout, "re-sealed %d secrets under master key %s; %d could not be opened\n", rep.Resealed, rep.KeyID, len(rep.Failed))
	for _, f := range rep.Failed {
		fmt.Fprintf(env.stdout, "  not re-sealed: shop %s secret %s\n", f.ShopID, f.Name)
	}
	if rep.Resealed > 0 {
		err = errors.Join(err, h.recordCLI(ctx, env, "shop secret reseal", "shop secrets", map[string]any{"resealed": rep.Resealed, "key": rep.KeyID}))
	}
	return err
}
