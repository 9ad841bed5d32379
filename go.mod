module github.com/again-go/again

go 1.25

require github.com/google/go-cmp v0.7.0
