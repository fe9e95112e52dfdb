package parser_test

import (
	"fmt"
	"strings"

	parser "github.com/redispy-go/redispy/chapters/03-parser"
)

// describe prints a reply with its Go type, the way the examples show it.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "nil"
	case string:
		return fmt.Sprintf("string %q", v)
	case int64:
		return fmt.Sprintf("int64 %d", v)
	case []byte:
		return fmt.Sprintf("[]byte %q", v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = describe(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	default:
		return fmt.Sprintf("%T %q", v, v)
	}
}

func ExamplePythonParser() {
	p := parser.NewPythonParser()
	p.OnConnect(strings.NewReader("+OK\r\n:42\r\n$5\r\nhello\r\n$-1\r\n" +
		"*2\r\n$3\r\nfoo\r\n-ERR no such key\r\n-WRONGTYPE wrong kind\r\n"))
	for {
		reply, err := p.ReadResponse()
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(describe(reply))
	}
	// Output:
	// string "OK"
	// int64 42
	// []byte "hello"
	// nil
	// [[]byte "foo", exceptions.ResponseError "no such key"]
	// exceptions.ResponseError "WRONGTYPE wrong kind"
	// error: Socket closed on remote end
}

func ExampleReader() {
	r := parser.NewReader()
	r.Feed([]byte("*2\r\n$5\r\nhel"))
	_, ok, _ := r.Gets()
	fmt.Println("complete:", ok)

	r.Feed([]byte("lo\r\n:7\r\n"))
	reply, ok, err := r.Gets()
	fmt.Println("complete:", ok, describe(reply), err)
	// Output:
	// complete: false
	// complete: true [[]byte "hello", int64 7] <nil>
}
