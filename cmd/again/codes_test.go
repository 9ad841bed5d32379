package main

import (
	"strings"
	"testing"
)

func TestCodeSetParse(t *testing.T) {
	t.Parallel()
	var c codeSet
	if !c.Empty() {
		t.Fatal("zero codeSet is not empty")
	}
	for _, s := range []string{"1,75", " 100 - 110 ,3"} {
		if err := c.Set(s); err != nil {
			t.Fatalf("Set(%q): %v", s, err)
		}
	}
	in := map[int]bool{1: true, 3: true, 75: true}
	for code := 100; code <= 110; code++ {
		in[code] = true
	}
	for code := 0; code <= 300; code++ {
		if got := c.Has(code); got != in[code] {
			t.Errorf("Has(%d) = %v, want %v", code, got, in[code])
		}
	}
	if c.Has(-1) {
		t.Error("Has(-1) = true")
	}
	if got, want := c.String(), "1,75, 100 - 110 ,3"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestCodeSetErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, msg string }{
		{"", "empty list"},
		{"1,,2", "empty item"},
		{"x", "not a number"},
		{"0", "outside 1-255"},
		{"256", "outside 1-255"},
		{"5-2", "runs backwards"},
		{"1-x", "not a number"},
		{"-3", "not a number"},
	} {
		var c codeSet
		err := c.Set(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Set(%q) = %v, want an error containing %q", tc.in, err, tc.msg)
		}
	}
}
