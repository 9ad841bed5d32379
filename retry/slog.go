package retry

import (
	"context"
	"log/slog"
)

// LogHooks returns Hooks that log to logger at level: one record for each
// retry (attempt, wait, elapsed, error) and one when a call that retried ends
// (attempts, elapsed, and error if it failed). A call that ends on its first
// attempt logs nothing; its caller sees the error anyway. A nil logger means
// slog.Default() at the time of logging; a nil level means slog.LevelInfo.
//
// For other levels per event, or other destinations, write your own Hooks;
// Retry itself never logs.
func LogHooks(logger *slog.Logger, level slog.Leveler) Hooks {
	lv := func() slog.Level {
		if level == nil {
			return slog.LevelInfo
		}
		return level.Level()
	}
	lg := func() *slog.Logger {
		if logger == nil {
			return slog.Default()
		}
		return logger
	}
	return Hooks{
		OnRetry: func(ctx context.Context, e Attempt) {
			lg().LogAttrs(ctx, lv(), "retrying",
				slog.Int("attempt", e.N),
				slog.Duration("wait", e.Wait),
				slog.Duration("elapsed", e.Elapsed),
				slog.Bool("hinted", e.Hinted),
				slog.Any("error", e.Err))
		},
		OnDone: func(ctx context.Context, e Outcome) {
			if e.Attempts < 2 {
				return
			}
			if e.Err == nil {
				lg().LogAttrs(ctx, lv(), "retry succeeded",
					slog.Int("attempts", e.Attempts), slog.Duration("elapsed", e.Elapsed))
				return
			}
			lg().LogAttrs(ctx, lv(), "retry failed",
				slog.Int("attempts", e.Attempts), slog.Duration("elapsed", e.Elapsed), slog.Any("error", e.Err))
		},
	}
}
