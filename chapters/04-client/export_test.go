package client

import "github.com/redispy-go/redispy/internal/fixes"

// MayResend exposes the retry decision, for the table test of its
// branches.
func MayResend(r *Redis, err error, sent bool) bool { return r.mayResend(err, sent) }

// ParseInfoWith is ParseInfo with some of its fixes off.
func ParseInfoWith(info []byte, fx fixes.Set) (map[string]any, error) { return parseInfo(info, fx) }
