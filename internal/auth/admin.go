package auth

import (
	"context"

	"github.com/fnshub/fnshub/internal/fault"
)

// UserPatch is a change to a user; nil fields stay as they are.
type UserPatch struct {
	Role   *Role
	Active *bool
	Shops  *[]string // the new scope; an empty list means every shop
}

// UpdateUser changes a user's role, shops or whether they may sign in.
// Every change takes effect at the next request: Authenticate reads the
// user every time and caches nothing.
//
// Errors: Invalid (field "role" or "shops"), NotFound, Conflict with code "last_admin"
// when the change would leave no active admin, since then nobody could
// manage users over the API again.
func (s *Service) UpdateUser(ctx context.Context, name string, p UserPatch) (User, error) {
	if p.Role != nil {
		if _, err := ParseRole(string(*p.Role)); err != nil {
			return User{}, err
		}
	}
	var scope []string
	if p.Shops != nil {
		// Looked up before the transaction, which holds the users' lock.
		var err error
		if scope, err = s.checkShops(ctx, *p.Shops); err != nil {
			return User{}, err
		}
	}
	return s.store.UpdateUser(ctx, name, s.clock(), func(u *User, activeAdmins int) error {
		wasAdmin := u.Role == Admin && !u.Disabled
		if p.Role != nil {
			u.Role = *p.Role
		}
		if p.Active != nil {
			u.Disabled = !*p.Active
		}
		if p.Shops != nil {
			u.Shops = scope
		}
		// Checked on the result, so a scoped user made admin must lose
		// the scope in the same change.
		if err := scopeFits(u.Role, u.Shops); err != nil {
			return err
		}
		if wasAdmin && (u.Role != Admin || u.Disabled) && activeAdmins <= 1 {
			return fault.New(fault.Conflict, "last_admin",
				"%s is the last active admin; make another user admin first (fnshub user role --name NAME --role admin), so someone can still manage users", name)
		}
		return nil
	})
}

// DisableUser stops a user from signing in; their tokens stop working with
// the next request. Disabling again changes nothing. Errors: NotFound,
// Conflict "last_admin".
func (s *Service) DisableUser(ctx context.Context, name string) error {
	active := false
	_, err := s.UpdateUser(ctx, name, UserPatch{Active: &active})
	return err
}

// EnableUser lets a disabled user sign in again, with the tokens they had
// that were not revoked. Errors: NotFound.
func (s *Service) EnableUser(ctx context.Context, name string) error {
	active := true
	_, err := s.UpdateUser(ctx, name, UserPatch{Active: &active})
	return err
}

// SetRole gives a user another role. Errors: Invalid, NotFound, Conflict
// "last_admin".
func (s *Service) SetRole(ctx context.Context, name string, role Role) (User, error) {
	return s.UpdateUser(ctx, name, UserPatch{Role: &role})
}

// ListTokens lists the tokens of the user named userName, or with "" of
// every user, oldest first; never their secrets. Errors: NotFound.
func (s *Service) ListTokens(ctx context.Context, userName string) ([]Token, error) {
	if userName == "" {
		return s.store.AllTokens(ctx)
	}
	return s.Tokens(ctx, userName)
}
