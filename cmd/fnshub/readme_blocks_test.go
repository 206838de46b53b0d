package main

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// readmeMarker, alone on the line before a ```sh fence in README.md, marks
// a block TestREADME_Walkthrough runs (docs/testing.md).
const readmeMarker = "<!-- readme-test -->"

// readmeBlock is one marked shell block and the README line it starts on.
type readmeBlock struct {
	line int
	body string
}

// readmeBlocks returns the marked blocks of the README in order. A marker
// not followed by a ```sh block is an error, so a block cannot silently
// drop out of the test.
func readmeBlocks(readme []byte) ([]readmeBlock, error) {
	var blocks []readmeBlock
	sc := bufio.NewScanner(bytes.NewReader(readme))
	n, marked := 0, 0
	var cur *readmeBlock
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case cur != nil && strings.TrimSpace(line) == "```":
			if strings.TrimSpace(cur.body) == "" {
				return nil, fmt.Errorf("README.md:%d: the marked block is empty", cur.line)
			}
			blocks, cur = append(blocks, *cur), nil
		case cur != nil:
			cur.body += line + "\n"
		case marked != 0 && strings.TrimSpace(line) == "```sh":
			cur, marked = &readmeBlock{line: n + 1}, 0
		case marked != 0:
			return nil, fmt.Errorf("README.md:%d: %s must be followed directly by a ```sh block", marked, readmeMarker)
		case strings.TrimSpace(line) == readmeMarker:
			marked = n
		}
	}
	if cur != nil || marked != 0 {
		return nil, fmt.Errorf("README.md ends inside a marked block")
	}
	return blocks, sc.Err()
}

// readmeScript joins the blocks into one bash script that stops at the
// first failing command and traces each command on stderr.
func readmeScript(blocks []readmeBlock) string {
	var b strings.Builder
	b.WriteString("set -euo pipefail\n")
	for _, bl := range blocks {
		fmt.Fprintf(&b, "# README.md line %d\nset -x\n%sset +x\n", bl.line, bl.body)
	}
	return b.String()
}

func TestReadmeBlocks_MarkerMustPrecedeABlock(t *testing.T) {
	good := "text\n" + readmeMarker + "\n```sh\necho a\n```\n```sh\nnot marked\n```\n" + readmeMarker + "\n```sh\necho b\n```\n"
	blocks, err := readmeBlocks([]byte(good))
	if err != nil || len(blocks) != 2 || blocks[0].body != "echo a\n" || blocks[1].body != "echo b\n" || blocks[1].line != 11 {
		t.Fatalf("readmeBlocks = %+v, %v", blocks, err)
	}
	for _, bad := range []string{
		readmeMarker + "\n\n```sh\necho a\n```\n",
		readmeMarker + "\n```\necho a\n```\n",
		readmeMarker + "\n```sh\necho a\n",
		readmeMarker + "\n```sh\n```\n",
	} {
		if _, err := readmeBlocks([]byte(bad)); err == nil {
			t.Errorf("readmeBlocks(%q) found no error", bad)
		}
	}
}
