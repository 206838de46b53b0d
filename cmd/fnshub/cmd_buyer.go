package main

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/config"
)

func buyerCmd() command {
	var verb, ref string
	return command{name: "buyer", verb: "erase|rewrap", chosen: &verb, operand: &ref,
		args:    "erase BUYER_REF | rewrap [--data DIR | --db URL]",
		summary: "erase a buyer's personal data on request; re-wrap buyers' data keys after a master key rotation",
		help: "Buyers' names, phones and addresses are sealed with a data key per buyer, itself sealed by the\n" +
			"master key (docs/adr/0041).\n" +
			"erase BUYER_REF: erases a buyer on request (PIPL). BUYER_REF is the buyer's pseudonym (the buyer_ref\n" +
			"  of its orders, b_ and 32 hex digits), or order:ID for an order that names no buyer. The buyer's\n" +
			"  data key is destroyed, so every contact sealed with it is gone for good, backups included; the raw\n" +
			"  payloads of their orders are emptied (they can no longer be replayed). Orders and the ledger stay,\n" +
			"  with the pseudonym only, and fnshub check still passes. Erasing again changes nothing and prints\n" +
			"  the same. A later order of the buyer gets a new key.\n" +
			"rewrap: after a master key rotation (FNSHUB_MASTER_KEY=new:<key>,old:<key>), wraps every buyer data\n" +
			"  key under the current master key and prints how many; no order is rewritten. Raw payloads and\n" +
			"  contacts sealed before data keys existed still need the old key, so keep it listed.",
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			switch {
			case verb == "erase" && ref == "":
				return usageErr("name the buyer: fnshub buyer erase BUYER_REF")
			case verb == "rewrap" && ref != "":
				return usageErr("rewrap takes no argument")
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				if verb == "rewrap" {
					n, err := h.orders.RewrapBuyerKeys(ctx)
					if err != nil {
						return err
					}
					fmt.Fprintf(env.stdout, "re-wrapped %d buyer data keys under the current master key\n", n)
					return nil
				}
				e, err := h.orders.EraseBuyer(ctx, ref)
				if err != nil {
					return err
				}
				fmt.Fprintf(env.stdout, "erased buyer %s at %s: the contacts of %d orders and %d raw payloads\n",
					e.Ref, e.ErasedAt.In(cfg.Location()).Format(time.RFC3339), e.Orders, e.RawEvents)
				return nil
			})
		}}
}
