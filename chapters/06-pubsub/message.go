package pubsub

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

// --8<-- [start:message]

// Message is one of the dicts listen() yields, and what the four subscribe
// methods return in place of the reply list: a published message, or the
// server's confirmation of a (P)(UN)SUBSCRIBE.
//
//	['message', 'news', 'hello']        {Type: "message", Channel: "news", Data: "hello"}
//	['pmessage', 'n*', 'news', 'hello'] {Type: "pmessage", Pattern: "n*", Channel: "news", Data: "hello"}
//	['subscribe', 'news', 1]            {Type: "subscribe", Channel: "news", Count: 1}
//
// Python's dict had one 'data' key for both: the text of a message, the
// count of a confirmation. A Go field has one type, so the two are Data
// and Count. (1)
type Message struct {
	Type    string // 'type': message, pmessage, subscribe, unsubscribe, psubscribe or punsubscribe
	Pattern []byte // 'pattern': the pattern a pmessage matched; nil, Python's None, for the others (2)
	Channel []byte // 'channel': the channel; for a confirmation, the channel or pattern it names
	Data    []byte // 'data' of a message or a pmessage: what was published
	Count   int64  // 'data' of a confirmation: the connection's subscriptions, channels and patterns
}

// toMessage builds a Message from a reply as listen() built its dict: a
// pmessage has a pattern in second place, everything else has none. (3)
func toMessage(reply any) (Message, error) {
	r, ok := reply.([]any)
	var kind []byte
	if ok && len(r) > 0 {
		kind, ok = r[0].([]byte)
	}
	switch {
	case !ok:
	case string(kind) == "pmessage" && len(r) >= 4:
		return Message{Type: "pmessage", Pattern: bulk(r[1]), Channel: bulk(r[2]), Data: bulk(r[3])}, nil
	case string(kind) != "pmessage" && len(r) >= 3:
		m := Message{Type: string(kind), Channel: bulk(r[1])}
		switch data := r[2].(type) {
		case int64:
			m.Count = data
		case []byte:
			m.Data = data
		}
		return m, nil
	}
	// Python raised TypeError or IndexError here; no server sends such a
	// reply on a subscribed connection. (4)
	return Message{}, exceptions.New(exceptions.ErrInvalidResponse, fmt.Sprintf("not a pub/sub message: %s", describe(reply)))
}

// --8<-- [end:message]

func bulk(v any) []byte {
	b, _ := v.([]byte)
	return b
}

// String formats m the way Python printed listen()'s dict, keys in the
// order the source wrote them:
//
//	{'type': 'message', 'pattern': None, 'channel': 'news', 'data': 'hello'}
//
// (Python 2 printed a count as 1L, a long; this prints 1.)
func (m Message) String() string {
	data := pyStr(m.Data)
	if m.Data == nil && m.Type != "message" && m.Type != "pmessage" {
		data = strconv.FormatInt(m.Count, 10)
	}
	return "{'type': " + exceptions.PyRepr(m.Type) + ", 'pattern': " + pyStr(m.Pattern) +
		", 'channel': " + pyStr(m.Channel) + ", 'data': " + data + "}"
}

// pyStr is repr() of a str, or None for nil.
func pyStr(b []byte) string {
	if b == nil {
		return "None"
	}
	return exceptions.PyRepr(string(b))
}

// describe prints a reply briefly, for an error message.
func describe(reply any) string {
	switch r := reply.(type) {
	case nil:
		return "None"
	case []byte:
		return exceptions.PyRepr(string(r))
	case []any:
		parts := make([]string, len(r))
		for i, item := range r {
			parts[i] = describe(item)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(reply)
}
