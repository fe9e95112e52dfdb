package pipeline

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The error's wording for every outcome the decision can give up on.
func TestLostRepliesErrorWording(t *testing.T) {
	cause := errors.New("Socket closed on remote end")
	for _, tc := range []struct {
		f    failure
		want string
	}{
		{failure{transaction: true, stage: sentWhole, commands: 3}, "the transaction of 3 commands may have run"},
		{failure{transaction: true, stage: cutWrite, commands: 3}, "none of the 3 commands ran"},
		{failure{stage: sentWhole, commands: 3, read: 1}, "commands 1 of 3 ran, 2-3 may have run"},
		{failure{stage: sentWhole, commands: 3}, "commands 1-3 of 3 may have run"},
		{failure{stage: cutWrite, commands: 3}, "commands 1-2 of 3 may have run, 3 did not"},
		{failure{stage: cutWrite, commands: 1}, "the command did not run"},
	} {
		p := &Pipeline{}
		err := p.lost(outcome{failure: tc.f, err: cause})
		assert.EqualError(t, err, "Socket closed on remote end; not sent again: "+tc.want)
		assert.ErrorIs(t, err, cause)
	}
}
