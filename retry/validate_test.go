package retry

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		p      Policy
		wantIn string // part of the message; "" means valid
	}{
		{"zero", Policy{}, ""},
		{"unlimited", Policy{MaxAttempts: Unlimited}, ""},
		{"one attempt", Policy{MaxAttempts: 1}, ""},
		{"all kinds", Policy{MaxAttempts: 3, MaxElapsed: time.Minute, MaxDelay: time.Minute, Backoff: Linear{Initial: time.Second, Step: time.Second}, Jitter: EqualJitter{}}, ""},
		{"no cap", Policy{Backoff: Constant(time.Hour), MaxDelay: math.MaxInt64}, ""},
		{"proportional bounds", Policy{Jitter: ProportionalJitter(1)}, ""},
		{"custom backoff", Policy{Backoff: BackoffFunc(func(int) time.Duration { return time.Second })}, ""},
		{"negative attempts", Policy{MaxAttempts: -2}, "MaxAttempts -2 is negative"},
		{"negative elapsed", Policy{MaxElapsed: -time.Second}, "MaxElapsed -1s is negative"},
		{"negative cap", Policy{MaxDelay: -time.Second}, "MaxDelay -1s is negative"},
		{"negative constant", Policy{Backoff: Constant(-time.Second)}, "Constant(-1s) is negative"},
		{"negative linear", Policy{Backoff: Linear{Step: -1}}, "Linear{Initial: 0s, Step: -1ns} has a negative field"},
		{"negative exponential", Policy{Backoff: Exponential{Initial: -1}}, "Exponential.Initial -1ns is negative"},
		{"factor below 1", Policy{Backoff: Exponential{Factor: 0.5}}, "Exponential.Factor 0.5 is not a finite number of at least 1"},
		{"factor NaN", Policy{Backoff: Exponential{Factor: math.NaN()}}, "Exponential.Factor NaN"},
		{"factor Inf", Policy{Backoff: Exponential{Factor: math.Inf(1)}}, "Exponential.Factor +Inf"},
		{"nil func", Policy{Backoff: BackoffFunc(nil)}, "nil BackoffFunc"},
		{"jitter above 1", Policy{Jitter: ProportionalJitter(2)}, "ProportionalJitter(2) is outside [0, 1]"},
		{"jitter negative", Policy{Jitter: ProportionalJitter(-0.1)}, "ProportionalJitter(-0.1) is outside [0, 1]"},
		{"jitter NaN", Policy{Jitter: ProportionalJitter(math.NaN())}, "ProportionalJitter(NaN)"},
		{"zero delays retry at once", Policy{Backoff: Constant(0)}, ""},
		{"zero linear retries at once", Policy{Backoff: Linear{}}, ""},
		{"zero exponential", Policy{Backoff: Exponential{}}, "Exponential.Initial is zero"},
		{"zero exponential with a factor", Policy{Backoff: Exponential{Factor: 3}}, "Exponential.Initial is zero"},
		{"explicit cap below the first delay", Policy{Backoff: Constant(time.Minute), MaxDelay: time.Second}, "first delay 1m0s is above MaxDelay 1s"},
		{"explicit cap below linear's first delay", Policy{Backoff: Linear{Initial: time.Minute}, MaxDelay: time.Second}, "first delay 1m0s is above MaxDelay 1s"},
		{"explicit cap cuts growth", Policy{Backoff: Exponential{Initial: time.Second}, MaxDelay: 2 * time.Second}, ""},
		{"default cap cuts linear growth", Policy{Backoff: Linear{Initial: time.Second, Step: time.Minute}}, ""},
		{"default cap cuts exponential growth", Policy{Backoff: Exponential{Initial: time.Second, Factor: 100}}, ""},
		{"first delay at the cap", Policy{Backoff: Constant(DefaultMaxDelay)}, ""},
		{"explicit cap below the default backoff", Policy{MaxDelay: 10 * time.Millisecond}, ""},
		{"first delay above default cap", Policy{Backoff: Exponential{Initial: time.Minute}}, "first delay 1m0s is above the cap, DefaultMaxDelay 30s"},
		{"constant above default cap", Policy{Backoff: Constant(time.Minute)}, "first delay 1m0s is above the cap, DefaultMaxDelay 30s"},
		{"linear above default cap", Policy{Backoff: Linear{Initial: time.Minute}}, "first delay 1m0s is above the cap, DefaultMaxDelay 30s"},
		{"custom first delay above default cap", Policy{Backoff: BackoffFunc(func(int) time.Duration { return time.Hour })}, "first delay 1h0m0s is above the cap, DefaultMaxDelay"},
		{"custom negative first delay is zero", Policy{Backoff: BackoffFunc(func(int) time.Duration { return -time.Hour })}, ""},
		{"decorrelated default backoff", Policy{Jitter: DecorrelatedJitter{}}, ""},
		{"decorrelated from zero", Policy{Backoff: Linear{Step: time.Second}, Jitter: DecorrelatedJitter{}}, "DecorrelatedJitter needs a Backoff whose first delay is above zero"},
		{"decorrelated constant zero", Policy{Backoff: Constant(0), Jitter: DecorrelatedJitter{}}, "DecorrelatedJitter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.p.Validate()
			if fast, slow := tt.p.validate() == nil, tt.p.problems() == nil; fast != slow {
				t.Errorf("fast check says valid=%v, full check valid=%v", fast, slow)
			}
			switch {
			case tt.wantIn == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.wantIn != "" && (!errors.Is(err, ErrInvalidPolicy) || !strings.Contains(err.Error(), tt.wantIn)):
				t.Errorf("Validate() = %v, want ErrInvalidPolicy saying %q", err, tt.wantIn)
			}
			if tt.wantIn == "" || err == nil {
				return
			}
			if !strings.HasPrefix(err.Error(), "retry: invalid policy: ") {
				t.Errorf("Validate() = %q, want the prefix %q", err, "retry: invalid policy: ")
			}
			// Retry reports the same error without calling the operation.
			called := false
			_, rerr := Retry(context.Background(), tt.p, func() (int, error) { called = true; return 0, nil })
			if called || rerr == nil || rerr.Error() != err.Error() {
				t.Errorf("Retry = %v, called = %v; want Validate's error and no call", rerr, called)
			}
		})
	}
}

func TestValidateReportsEveryField(t *testing.T) {
	err := Policy{MaxAttempts: -3, MaxDelay: -1, Jitter: ProportionalJitter(3)}.Validate()
	for _, field := range []string{"MaxAttempts", "MaxDelay", "ProportionalJitter"} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("Validate() = %q, want it to name %s", err, field)
		}
	}
}
