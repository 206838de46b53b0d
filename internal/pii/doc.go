// Package pii owns how fnshub keeps buyers' personal data: names, phone numbers
// and addresses are sealed with AES-256-GCM under a master key before they are
// stored, masked for roles that may not see them, and replaced by keyed
// pseudonyms wherever only identity matters (customers, ledger).
//
// The master key comes from FNSHUB_MASTER_KEY or a key file created on first
// use (LoadKeyring). Every sealed value names the key that sealed it, so keys
// can be rotated without rewriting old rows first. See docs/adr/0011.
//
// Contacts are sealed with a random data key per buyer (BuyerKey), itself
// wrapped by the master keyring; erasing a buyer destroys that key, so every
// copy of their contacts becomes unreadable at once. See docs/adr/0041.
package pii
