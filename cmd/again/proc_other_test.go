//go:build !linux

package main

// hasDeathSignal: only Linux has a parent-death signal (as again uses it).
const hasDeathSignal = false
