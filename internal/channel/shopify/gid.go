package shopify

import "strings"

// Shopify names objects by global ids, gid://shopify/Order/450789469, and
// by the number at their end in REST and webhooks. The hub keeps the
// number (an order's ExternalID, a listing's variant id); GraphQL wants the
// GID.

const gidPrefix = "gid://shopify/"

// toGID returns id as a GID of kind; an id that is a GID already is kept.
func toGID(kind, id string) string {
	if strings.HasPrefix(id, gidPrefix) {
		return id
	}
	return gidPrefix + kind + "/" + id
}

// legacyID returns the number at the end of a GID (without any query
// string), or id itself when it is not a GID.
func legacyID(id string) string {
	if !strings.HasPrefix(id, gidPrefix) {
		return id
	}
	id, _, _ = strings.Cut(id, "?")
	return id[strings.LastIndexByte(id, '/')+1:]
}
