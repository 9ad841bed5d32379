package main

// hasDeathSignal: Linux has a parent-death signal.
const hasDeathSignal = true
