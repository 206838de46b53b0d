package erp

import (
	"encoding/binary"
	"fmt"

	"github.com/fnshub/fnshub/internal/pii"
)

// Connection secrets are sealed directly by the master keyring (the seal
// subkey of ADR 11), bound to the ERP and the secret's name as additional
// data, so a value copied to another ERP or name does not open. A shop's
// secrets (ADR 29) add a data key of their own so a rotation re-seals 32
// bytes; an ERP has a handful of short secrets, re-sealed whole.
const aadSecret = "fnshub erp secret v1\x00"

func secretAAD(erp, name string) []byte {
	b := append([]byte(aadSecret), binary.AppendUvarint(nil, uint64(len(erp)))...)
	return append(append(b, erp...), name...)
}

// SealSecret seals value for erp's secret name.
func SealSecret(keys *pii.Keyring, erp, name, value string) (SealedSecret, error) {
	sealed, err := keys.Seal([]byte(value), secretAAD(erp, name))
	if err != nil {
		return SealedSecret{}, err
	}
	id, err := pii.KeyIDOf(sealed)
	return SealedSecret{ERP: erp, Name: name, KeyID: id, Sealed: sealed}, err
}

// OpenSecret returns s's value. Errors name the ERP, the secret and the
// key id, never a value.
func OpenSecret(keys *pii.Keyring, s SealedSecret) (string, error) {
	v, err := keys.Open(s.Sealed, secretAAD(s.ERP, s.Name))
	if err != nil {
		return "", fmt.Errorf("erp %s: secret %s (key %s): %w", s.ERP, s.Name, s.KeyID, err)
	}
	return string(v), nil
}
