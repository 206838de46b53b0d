package pii

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// Contact is a buyer's name, phone and shipping address: the personal data on
// an order. It is stored only sealed (Seal, OpenContact). Province, City and
// District are kept apart from Detail because masking shows them and hides
// the street line; connectors fill them from the platform's split fields.
type Contact struct {
	Name     string `json:"name"`
	Phone    string `json:"phone"`
	Province string `json:"province"`
	City     string `json:"city"`
	District string `json:"district"`
	Detail   string `json:"detail"`
}

// contactAAD prefixes the caller's AAD so a sealed Contact cannot be opened
// as some other sealed value of the same row, or the other way round.
const contactAAD = "pii.Contact v1\x00"

// Seal encodes c as JSON and seals it with k's current key, bound to aad —
// the natural key of the row that stores it, e.g. "shopify/shop-7/1001".
func (c Contact) Seal(k *Keyring, aad string) ([]byte, error) {
	b, err := marshalContact(c)
	if err != nil {
		return nil, err
	}
	return k.Seal(b, []byte(contactAAD+aad))
}

func marshalContact(c Contact) ([]byte, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("pii: seal contact: %w", err)
	}
	return b, nil
}

func unmarshalContact(b []byte) (Contact, error) {
	var c Contact
	if err := json.Unmarshal(b, &c); err != nil {
		// The JSON error could quote the plaintext, so it is not wrapped.
		return Contact{}, fmt.Errorf("%w: the opened value is not a contact", ErrCorrupt)
	}
	return c, nil
}

// OpenContact opens a Contact sealed with Contact.Seal under the same aad. It
// returns the errors of Keyring.Open, or ErrCorrupt if the opened bytes are
// not a Contact.
func OpenContact(k *Keyring, blob []byte, aad string) (Contact, error) {
	b, err := k.Open(blob, []byte(contactAAD+aad))
	if err != nil {
		return Contact{}, err
	}
	return unmarshalContact(b)
}

// Masked returns c as a role that may not see personal data sees it: name and
// phone masked, province, city and district kept, the detail line hidden.
func (c Contact) Masked() Contact {
	return Contact{
		Name:     MaskName(c.Name),
		Phone:    MaskPhone(c.Phone),
		Province: c.Province,
		City:     c.City,
		District: c.District,
		Detail:   MaskDetail(c.Detail),
	}
}

// String, GoString and LogValue show the masked contact, so that printing or
// logging one by mistake leaks nothing (DESIGN §5, invariant 9). Code that
// must show the plain contact reads the fields or encodes it as JSON.
func (c Contact) String() string {
	m := c.Masked()
	return fmt.Sprintf("{%s %s %s}", m.Name, m.Phone, MaskAddress(c.Province, c.City, c.District, c.Detail))
}
func (c Contact) GoString() string { return "pii.Contact" + c.String() }
func (c Contact) LogValue() slog.Value {
	m := c.Masked()
	return slog.GroupValue(
		slog.String("name", m.Name),
		slog.String("phone", m.Phone),
		slog.String("address", MaskAddress(c.Province, c.City, c.District, c.Detail)),
	)
}
