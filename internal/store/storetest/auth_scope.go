package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/fault"
)

// scopeShops are the shops the scope tests' shop lookup knows.
var scopeShops = []string{"douyin-1", "douyin-2", "tmall-1"}

func knownShop(_ context.Context, id string) error {
	if slices.Contains(scopeShops, id) {
		return nil
	}
	return fault.New(fault.NotFound, "shop_not_found", "shop %s does not exist", id)
}

// exerciseUserScope covers the shops a user may see (docs/adr/0039).
func exerciseUserScope(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("a user's shops are kept sorted, read with every token and changed from the next request", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		r.svc.WithShops(knownShop)
		r.user(t, "root", auth.Admin)
		u, err := r.svc.AddUser(ctx, "dy", auth.Operations, authPassword, "douyin-2", "douyin-1", "douyin-2")
		if err != nil || !slices.Equal(u.Shops, []string{"douyin-1", "douyin-2"}) {
			t.Fatalf("AddUser = %+v, %v; want shops douyin-1, douyin-2", u, err)
		}
		secret, _ := r.token(t, "dy", "ci")
		wantShops(t, r, secret, "douyin-1", "douyin-2")
		tmall := []string{"tmall-1"}
		if _, err := r.svc.UpdateUser(ctx, "dy", auth.UserPatch{Shops: &tmall}); err != nil {
			t.Fatal(err)
		}
		wantShops(t, r, secret, "tmall-1")
		all := []string{}
		if _, err := r.svc.UpdateUser(ctx, "dy", auth.UserPatch{Shops: &all}); err != nil {
			t.Fatal(err)
		}
		wantShops(t, r, secret)
		users, err := r.svc.Users(ctx)
		if must(t, err); users[0].Shops == nil || len(users[0].Shops) != 0 {
			t.Fatalf("root's shops = %#v, want an empty list (every shop)", users[0].Shops)
		}
	})
	t.Run("unknown shops and a scope on an admin are refused, naming the field, and nothing is stored", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		r.svc.WithShops(knownShop)
		r.user(t, "root", auth.Admin)
		_, err := r.svc.AddUser(ctx, "dy", auth.Viewer, authPassword, "douyin-1", "nowhere")
		wantScopeRefusal(t, err, "shop_unknown")
		_, err = r.svc.AddUser(ctx, "boss", auth.Admin, authPassword, "douyin-1")
		wantScopeRefusal(t, err, "shops_admin")
		if users, _ := r.svc.Users(ctx); len(users) != 1 {
			t.Fatalf("users = %+v, want only root: a refused user is not added", users)
		}
		if _, err := r.svc.AddUser(ctx, "dy", auth.Viewer, authPassword, "douyin-1"); err != nil {
			t.Fatal(err)
		}
		admin := auth.Admin
		_, err = r.svc.UpdateUser(ctx, "dy", auth.UserPatch{Role: &admin})
		wantScopeRefusal(t, err, "shops_admin")
		none := []string{}
		u, err := r.svc.UpdateUser(ctx, "dy", auth.UserPatch{Role: &admin, Shops: &none})
		if err != nil || u.Role != auth.Admin || len(u.Shops) != 0 {
			t.Fatalf("promoting with the scope lifted = %+v, %v", u, err)
		}
		bad := []string{"tmall-1", "nowhere"}
		viewer := auth.Viewer
		_, err = r.svc.UpdateUser(ctx, "dy", auth.UserPatch{Role: &viewer, Shops: &bad})
		wantScopeRefusal(t, err, "shop_unknown")
		if u, _, err := r.store.UserByName(ctx, "dy"); err != nil || u.Role != auth.Admin || len(u.Shops) != 0 {
			t.Fatalf("dy = %+v: a refused change must store nothing", u)
		}
	})
}

func wantShops(t *testing.T, r *authRig, secret string, want ...string) {
	t.Helper()
	p, err := r.svc.Authenticate(context.Background(), secret)
	if must(t, err); !slices.Equal(p.User.Shops, want) && !(len(want) == 0 && len(p.User.Shops) == 0) {
		t.Fatalf("the token acts with shops %v, want %v", p.User.Shops, want)
	}
}

func wantScopeRefusal(t *testing.T, err error, code string) {
	const field = "shops"
	t.Helper()
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Field != field || fe.Code != code {
		t.Fatalf("err = %v, want Invalid %s on field %s", err, code, field)
	}
}
