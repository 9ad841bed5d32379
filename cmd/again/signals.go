package main

import (
	"context"
	"errors"
	"os"
	"slices"
)

// signalError is the cause of the context of a run that again was told to
// stop by a signal.
type signalError struct{ sig os.Signal }

// Error names the signal.
func (e *signalError) Error() string { return "received " + signalName(e.sig) }

// causeSignal returns the signal that ended ctx, or nil if ctx has not ended
// or ended for another reason.
func causeSignal(ctx context.Context) os.Signal {
	var se *signalError
	if errors.As(context.Cause(ctx), &se) {
		return se.sig
	}
	return nil
}

// handleSignals turns the stop signals arriving on sigs into a stop: the
// first cancels the run with a *signalError cause (the running attempt then
// passes that signal on to the command), and each later one is sent on the
// returned channel for the attempt to pass on as well. Job-control signals
// go to jobs instead. It returns when quit is closed.
func handleSignals(sigs <-chan os.Signal, jobs chan<- os.Signal, cancel context.CancelCauseFunc,
	quit <-chan struct{},
) <-chan os.Signal {
	forward := make(chan os.Signal, 8)
	go func() {
		first := true
		for {
			select {
			case <-quit:
				return
			case sig := <-sigs:
				if slices.Contains(jobSignals, sig) {
					select {
					case jobs <- sig:
					case <-quit:
						return
					}
					continue
				}
				if first {
					first = false
					cancel(&signalError{sig})
					continue
				}
				select {
				case forward <- sig:
				default: // the command has not taken the ones before; drop it
				}
			}
		}
	}()
	return forward
}
