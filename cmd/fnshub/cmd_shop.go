package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/shop"
)

// optional is a flag that remembers whether it was given, so update
// commands change only what they are told to.
type optional struct {
	value  string
	set    bool
	isBool bool
}

func (o *optional) String() string { return o.value }
func (o *optional) Set(s string) error {
	o.value, o.set = s, true
	return nil
}
func (o *optional) IsBoolFlag() bool { return o.isBool }

func (o *optional) ptr() *string {
	if !o.set {
		return nil
	}
	return &o.value
}

func entityCmd() command {
	var verb, code, name, currency, zone string
	return command{name: "entity", verb: "list|add|rename", chosen: &verb,
		args:    "list | add --code CODE --name NAME [--base-currency CUR] [--zone ZONE] | rename --code CODE --name NAME",
		summary: "list, add or rename legal entities",
		help: "Legal entities (法人主体) are the companies that keep books; every shop sells for one.\n" +
			"The entity \"default\" exists from the first start, in the --currency and --timezone settings.\n" +
			"list: prints every entity: id, code, name, base currency, timezone.\n" +
			"add: adds an entity; its base currency defaults to --currency, its zone to --timezone.\n" +
			"rename: gives an entity a new name (its code, id and books stay).",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&code, "code", "", "entity code: 1 to 32 lower-case letters, digits, - or _")
			fs.StringVar(&name, "name", "", "the entity's name")
			fs.StringVar(&currency, "base-currency", "", "ISO 4217 currency its books keep (default: --currency)")
			fs.StringVar(&zone, "zone", "", "IANA time zone of its reports (default: --timezone)")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if verb != "list" && (code == "" || name == "") {
				return usageErr("--code and --name are required")
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				switch verb {
				case "add":
					if currency == "" {
						currency = cfg.Currency
					}
					if zone == "" {
						zone = cfg.Timezone
					}
					e, err := h.entities.Create(ctx, entity.Entity{Code: code, Name: name, BaseCurrency: money.Currency(strings.ToUpper(currency)), Timezone: zone})
					if err != nil {
						return err
					}
					fmt.Fprintf(env.stdout, "added entity %s (id %d, %s, %s)\n", e.Code, e.ID, e.BaseCurrency, e.Timezone)
					return h.recordCLI(ctx, env, "entity add", "entity "+e.Code, map[string]any{"after": e})
				case "rename":
					e, err := h.entities.Update(ctx, code, entity.Patch{Name: &name})
					if err != nil {
						return err
					}
					fmt.Fprintf(env.stdout, "entity %s is now named %s\n", e.Code, e.Name)
					return h.recordCLI(ctx, env, "entity rename", "entity "+e.Code, map[string]any{"name": e.Name})
				}
				return listEntities(ctx, env, h)
			})
		}}
}

func listEntities(ctx context.Context, env cliEnv, h *hub) error {
	es, err := h.entities.List(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCODE\tNAME\tCURRENCY\tTIMEZONE")
	for _, e := range es {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", e.ID, e.Code, e.Name, e.BaseCurrency, e.Timezone)
	}
	return tw.Flush()
}

func shopCmd() command {
	var verb, id, channel, ent, currency string
	var name, zone, warehouses, baseURL optional
	var settings settingFlags
	active := optional{isBool: true}
	return command{name: "shop", verb: "list|add|update|health", chosen: &verb,
		args: "list | add --id ID --channel KIND --name NAME [--entity CODE] [--shop-currency CUR] [--zone ZONE] [--warehouses WH:PRIO,…]" +
			" [--setting KEY=VALUE]… [--api-base-url URL]" +
			" | update --id ID [--name NAME] [--zone ZONE] [--active=true|false] [--warehouses WH:PRIO,…] [--setting KEY=VALUE]… [--api-base-url URL]" +
			" | health --id ID",
		summary: "list, add or change shops, or show one's connector health",
		help: "A shop must exist before its orders are taken, its listings mapped or its stock rules set.\n" +
			"Channel kinds: " + shop.ChannelList() + ".\n" +
			"list: prints every shop: id, channel, name, entity, currency, timezone, active, warehouses.\n" +
			"add: adds an active shop. Its id (1 to 64 letters, digits, - or _) is what its orders name in \"shop\".\n" +
			"  --entity defaults to \"default\"; currency and zone default to the entity's.\n" +
			"update: renames a shop, changes its zone, activates or deactivates it (an inactive shop's orders\n" +
			"  are refused), or replaces its warehouses (--warehouses '' allows every warehouse).\n" +
			"--warehouses lists the warehouses it may ship from with their priority, lower first: SH:1,GZ:2.\n" +
			"--setting sets one of the platform's non-secret settings, e.g. --setting shop_domain=tea.myshopify.com\n" +
			"  --setting api_version=2025-01 (repeat it); on update, --setting KEY= removes one and others stay.\n" +
			"--api-base-url points the shop's connector at another API address (a simulator, a test server);\n" +
			"  on update, --api-base-url '' goes back to the platform's own.\n" +
			"health: prints the shop's connector health as JSON, as GET /api/v1/shops/{id}/health answers it: its\n" +
			"  status (ok, degraded, down) and reasons, pulls, push messages and failed jobs. The stock push and\n" +
			"  HTTP client parts live in the serving node, so this command shows them empty: ask the API for them.\n" +
			"Secrets (access tokens, app secrets) are never flags, which shell history and ps would show:\n" +
			"  set them with 'fnshub shop secret set', which reads the value from standard input.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&id, "id", "", "shop id, as its orders name it")
			fs.StringVar(&channel, "channel", "", "channel kind: "+shop.ChannelList())
			fs.Var(&name, "name", "the shop's name")
			fs.StringVar(&ent, "entity", "", "code of the legal entity it sells for (default \"default\")")
			fs.StringVar(&currency, "shop-currency", "", "ISO 4217 currency it sells in (default: its entity's)")
			fs.Var(&zone, "zone", "IANA time zone (default: its entity's)")
			fs.Var(&active, "active", "update: true to take orders, false to refuse them")
			fs.Var(&warehouses, "warehouses", "warehouses it may ship from, WH:PRIORITY comma-separated")
			fs.Var(&settings, "setting", "a platform setting KEY=VALUE (repeatable); on update KEY= removes it")
			fs.Var(&baseURL, "api-base-url", "the shop's API base URL instead of the platform's (http or https)")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if verb != "list" && id == "" {
				return usageErr("--id is required")
			}
			ws, err := parseShopWarehouses(warehouses.value)
			if err != nil {
				return err
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				switch verb {
				case "add":
					sh, err := h.shops.Create(ctx, shop.Shop{ID: id, Channel: channel, Name: name.value, Entity: ent,
						Currency: money.Currency(strings.ToUpper(currency)), Timezone: zone.value, Warehouses: ws,
						Settings: settings.values(), APIBaseURL: baseURL.value})
					if err != nil {
						return err
					}
					fmt.Fprintf(env.stdout, "added %s shop %s (%s, entity %s, %s, %s)\n", sh.Channel, sh.ID, sh.Name, sh.Entity, sh.Currency, sh.Timezone)
					return h.recordCLI(ctx, env, "shop add", "shop "+sh.ID, map[string]any{"after": sh})
				case "update":
					p := shop.Patch{Name: name.ptr(), Timezone: zone.ptr(), Settings: settings.patch(), APIBaseURL: baseURL.ptr()}
					if active.set {
						on, err := strconv.ParseBool(active.value)
						if err != nil {
							return usageErr("--active must be true or false, not %q", active.value)
						}
						p.Active = &on
					}
					if warehouses.set {
						p.Warehouses = &ws
					}
					before, _ := h.shops.Get(ctx, id)
					sh, err := h.shops.Update(ctx, id, p)
					if err != nil {
						return err
					}
					fmt.Fprintf(env.stdout, "updated shop %s: %s, %s\n", sh.ID, sh.Name, activeWord(sh.Active))
					return h.recordCLI(ctx, env, "shop update", "shop "+sh.ID, map[string]any{"before": before, "after": sh})
				case "health":
					return printShopHealth(ctx, env, cfg, h, id)
				}
				return listShops(ctx, env, h)
			})
		}}
}

// parseShopWarehouses reads "SH:1,GZ:2"; a warehouse without a priority
// gets its place in the list.
func parseShopWarehouses(s string) ([]shop.Warehouse, error) {
	ws := []shop.Warehouse{}
	if strings.TrimSpace(s) == "" {
		return ws, nil
	}
	for i, part := range strings.Split(s, ",") {
		code, prio, found := strings.Cut(strings.TrimSpace(part), ":")
		w := shop.Warehouse{Code: code, Priority: i}
		if found {
			p, err := strconv.Atoi(prio)
			if err != nil {
				return nil, usageErr("--warehouses: %q: the priority after ':' must be a whole number", part)
			}
			w.Priority = p
		}
		ws = append(ws, w)
	}
	return ws, nil
}

func activeWord(on bool) string {
	if on {
		return "active"
	}
	return "inactive"
}

func listShops(ctx context.Context, env cliEnv, h *hub) error {
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCHANNEL\tNAME\tENTITY\tCURRENCY\tTIMEZONE\tSTATUS\tWAREHOUSES")
	for after := ""; ; {
		page, err := h.shops.List(ctx, after, 1000)
		if err != nil {
			return err
		}
		for _, sh := range page {
			var ws []string
			for _, w := range sh.Warehouses {
				ws = append(ws, fmt.Sprintf("%s:%d", w.Code, w.Priority))
			}
			all := strings.Join(ws, ",")
			if all == "" {
				all = "(all)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", sh.ID, sh.Channel, sh.Name, sh.Entity, sh.Currency, sh.Timezone, activeWord(sh.Active), all)
		}
		if len(page) < 1000 {
			return tw.Flush()
		}
		after = page[len(page)-1].ID
	}
}

// printShopHealth prints a shop's health as the API answers it, times in
// the configured zone.
func printShopHealth(ctx context.Context, env cliEnv, cfg config.Config, h *hub, id string) error {
	hl, err := h.health.ShopHealth(ctx, id)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(env.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(hl.In(cfg.Location()))
}
