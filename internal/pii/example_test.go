package pii_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"

	"github.com/fnshub/fnshub/internal/pii"
)

// The embedded default: no variable set, so the key comes from (and on first
// use is written to) <data dir>/master.key with mode 0600.
func ExampleLoadKeyring() {
	dir, _ := os.MkdirTemp("", "fnshub-data")
	defer os.RemoveAll(dir)

	k, err := pii.LoadKeyring(os.Getenv, dir, pii.CreateKeyFile)
	if err != nil {
		fmt.Println(err)
		return
	}
	info, _ := os.Stat(dir + "/" + pii.KeyFileName)
	fmt.Println(k.CurrentID(), info.Mode().Perm())
	// Output: 1 -rw-------
}

// Rotation: the new key goes first and seals; the old one stays to open.
func ExampleParseKeyring() {
	oldKey := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32))
	newKey := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{2}, 32))

	before, _ := pii.ParseKeyring("1:" + oldKey)
	blob, _ := before.Seal([]byte("13812345678"), []byte("taobao/shop-1/2024001"))

	after, _ := pii.ParseKeyring("2:" + newKey + ",1:" + oldKey)
	plain, _ := after.Open(blob, []byte("taobao/shop-1/2024001"))
	id, _ := pii.KeyIDOf(blob)
	fmt.Printf("%s sealed with key %s; now sealing with key %s\n", plain, id, after.CurrentID())
	// Output: 13812345678 sealed with key 1; now sealing with key 2
}

// The AAD ties a value to its row: copied to another order, it does not open.
func ExampleKeyring_Open() {
	k, _ := pii.NewKeyring(pii.Key{ID: "1", Secret: bytes.Repeat([]byte{7}, 32)})
	blob, _ := k.Seal([]byte("张三丰"), []byte("jd/shop-2/1001"))

	_, err := k.Open(blob, []byte("jd/shop-2/1002"))
	fmt.Println(errors.Is(err, pii.ErrCorrupt))
	// Output: true
}

func ExampleContact_Masked() {
	c := pii.Contact{Name: "张三丰", Phone: "+86 138 1234 5678", Province: "浙江省", City: "杭州市", District: "西湖区", Detail: "文三路 100 号"}
	m := c.Masked()
	fmt.Println(m.Name, m.Phone, m.Province, m.City, m.District, m.Detail)
	fmt.Println(c) // printing a Contact shows only the mask
	// Output:
	// 张** +86 138****5678 浙江省 杭州市 西湖区 ****
	// {张** +86 138****5678 浙江省杭州市西湖区 ****}
}

func ExampleMaskPhone() {
	for _, p := range []string{"13812345678", "+8613812345678", "0571-88886666", "95588"} {
		fmt.Println(pii.MaskPhone(p))
	}
	// Output:
	// 138****5678
	// +86 138****5678
	// 057*****6666
	// *****
}

func ExampleMaskName() {
	fmt.Println(pii.MaskName("张三丰"), "|", pii.MaskName("John Smith"), "|", pii.MaskName("张"))
	// Output: 张** | J*** S**** | *
}

func ExampleMaskAddress() {
	fmt.Println(pii.MaskAddress("浙江省", "杭州市", "西湖区", "文三路 100 号"))
	// Output: 浙江省杭州市西湖区 ****
}

func ExamplePseudonym() {
	k, _ := pii.NewKeyring(pii.Key{ID: "1", Secret: bytes.Repeat([]byte{7}, 32)})
	a := pii.Pseudonym(k, "taobao", "AAHk5d-EAAeGwJedwSHu7o2d")
	b := pii.Pseudonym(k, "taobao", "AAHk5d-EAAeGwJedwSHu7o2d")
	fmt.Println(a == b, len(a), a[:2])
	// Output: true 34 b_
}
