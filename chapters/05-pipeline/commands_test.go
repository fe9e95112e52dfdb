package pipeline_test

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/05-pipeline"
	"github.com/redispy-go/redispy/chapters/05-pipeline/internal/gen"
	"github.com/redispy-go/redispy/internal/redistest"
)

// The committed commands_gen.go is what the generator makes of chapter
// 04 as it is now.
func TestGeneratedIsCurrent(t *testing.T) {
	want, err := gen.Commands("../04-client")
	require.NoError(t, err)
	got, err := os.ReadFile("commands_gen.go")
	require.NoError(t, err)
	if !bytes.Equal(got, want) {
		t.Fatal("chapters/05-pipeline/commands_gen.go is stale: run go generate ./chapters/05-pipeline/")
	}
}

// Every exported method of *client.Redis is either a Pipeline method with
// the same parameters or one of the generator's NotCommands; and the
// pipeline has no command chapter 04 lacks.
func TestEveryMethodIsPipelined(t *testing.T) {
	rt, pt := reflect.TypeOf(&client.Redis{}), reflect.TypeOf(&pipeline.Pipeline{})
	own := map[string]bool{"Execute": true, "ExecuteWith": true, "Multi": true, "Reset": true, "Watching": true}
	for i := 0; i < rt.NumMethod(); i++ {
		m := rt.Method(i)
		if why, ok := gen.NotCommands[m.Name]; ok {
			if pm, has := pt.MethodByName(m.Name); has && !strings.HasPrefix(why, "Pipeline.") {
				t.Errorf("%s is listed as not a command (%s), but *Pipeline has it: %v", m.Name, why, pm.Type)
			}
			continue
		}
		pm, ok := pt.MethodByName(m.Name)
		if !ok {
			t.Errorf("(*client.Redis).%s has no Pipeline method: run go generate ./chapters/05-pipeline/", m.Name)
			continue
		}
		if pm.Type.NumIn() != m.Type.NumIn() || pm.Type.IsVariadic() != m.Type.IsVariadic() {
			t.Errorf("%s: %v on the pipeline, %v on the client", m.Name, pm.Type, m.Type)
			continue
		}
		for j := 1; j < m.Type.NumIn(); j++ {
			if pm.Type.In(j) != m.Type.In(j) {
				t.Errorf("%s: parameter %d is %v on the pipeline, %v on the client", m.Name, j, pm.Type.In(j), m.Type.In(j))
			}
		}
	}
	for name := range gen.NotCommands {
		if _, ok := rt.MethodByName(name); !ok {
			t.Errorf("gen.NotCommands lists %s, which *client.Redis does not have", name)
		}
	}
	for i := 0; i < pt.NumMethod(); i++ {
		name := pt.Method(i).Name
		if _, ok := rt.MethodByName(name); !ok && !own[name] {
			t.Errorf("(*Pipeline).%s is not a method of *client.Redis", name)
		}
	}
}

// seeds are the data each method's test starts from, by chapter 04's file:
// a value of the type its commands work on, under k and k2.
var seeds = map[string][][]string{
	"keys.go":        {{"SET", "k", "10"}, {"SET", "k2", "20"}},
	"server.go":      {{"SET", "k", "10"}, {"SET", "k2", "20"}},
	"lists.go":       {{"RPUSH", "k", "a", "b", "c"}, {"RPUSH", "k2", "d"}},
	"sets.go":        {{"SADD", "k", "a", "b"}, {"SADD", "k2", "b", "c"}},
	"sorted_sets.go": {{"ZADD", "k", "1", "a", "2", "b", "3", "c"}, {"ZADD", "k2", "1", "a"}},
	"hashes.go":      {{"HSET", "k", "f1", "v1"}, {"HSET", "k", "f2", "2"}},
}

// volatile methods answer differently from one call to the next (a
// counter, a random member, a background job already running, SAVE that
// Redis 7 refuses inside MULTI, INFO that miniredis runs at once inside
// MULTI instead of queueing it): only the type of a result that is not an
// error is compared.
var volatile = map[string]bool{"Info": true, "Bgsave": true, "Bgrewriteaof": true, "Save": true, "Lastsave": true,
	"Randomkey": true, "Spop": true, "Srandmember": true}

// sample is the argument a test passes for a parameter, by name and type.
func sample(method, name string, typ reflect.Type) reflect.Value {
	byName := map[string]any{
		"dst": "k2", "dest": "k2", "store": "k3", "where": "BEFORE", "aggregate": "SUM",
		"pattern": "*", "host": "", "channel": "ch", "timeout": int64(1), "db": 1, "port": 0,
		"start": int64(0), "end": int64(-1), "num": int64(1), "when": int64(2000000000),
		"refvalue": "a", "message": "m",
	}
	switch {
	case method == "ConfigSet" && name == "name":
		return reflect.ValueOf("slowlog-max-len")
	case method == "ConfigSet" && name == "value":
		return reflect.ValueOf(128)
	case method == "ConfigGet":
		return reflect.ValueOf("slowlog-*")
	case typ.Kind() == reflect.Interface && (name == "min" || name == "max" || name == "start" || name == "num"):
		v := map[string]any{"min": "-inf", "max": "+inf", "start": nil, "num": nil}[name]
		if v == nil {
			return reflect.Zero(typ)
		}
		return reflect.ValueOf(v)
	}
	if v, ok := byName[name]; ok && reflect.TypeOf(v).AssignableTo(typ) {
		return reflect.ValueOf(v)
	}
	switch typ {
	case reflect.TypeOf(""):
		return reflect.ValueOf("k")
	case reflect.TypeOf(int64(0)):
		return reflect.ValueOf(int64(2))
	case reflect.TypeOf(0):
		return reflect.ValueOf(1)
	case reflect.TypeOf(0.0):
		return reflect.ValueOf(1.5)
	case reflect.TypeOf(true):
		return reflect.ValueOf(true)
	case reflect.TypeOf([]string(nil)):
		return reflect.ValueOf([]string{"k", "k2"})
	case reflect.TypeOf([]any(nil)):
		return reflect.ValueOf([]any{"a", "z"})
	case reflect.TypeOf(map[string]any(nil)):
		return reflect.ValueOf(map[string]any{"k": "1", "k2": "2", "k4": "4", "k5": "5", "k6": "6"})
	case reflect.TypeOf(map[string]float64(nil)):
		return reflect.ValueOf(map[string]float64{"a": 1, "b": 2, "d": 4, "e": 5, "f": 6})
	case reflect.TypeOf(client.SortOptions{}):
		return reflect.ValueOf(client.SortOptions{Alpha: true})
	}
	if typ.Kind() == reflect.Interface {
		return reflect.ValueOf("a")
	}
	panic("no sample for " + method + "'s " + name + " " + typ.String())
}

// Every command method of chapter 04, queued once on a pipeline, with and
// without a transaction, gives the typed result the client's own method
// gives on the same data: the same value, or an error with the same text.
// Against miniredis some commands are unknown: both say so alike.
// Shutdown is TestShutdownOnAPipeline's.
func TestEveryCommandOnAPipeline(t *testing.T) {
	methods, err := gen.Methods("../04-client")
	require.NoError(t, err)
	require.Greater(t, len(methods), 100)
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := clientOf(t, s, client.Options{})
		seed := func(t *testing.T, file string) {
			_, err := r.Flushall()
			require.NoError(t, err)
			for _, cmd := range seeds[file] {
				args := make([]any, len(cmd))
				for i, a := range cmd {
					args[i] = a
				}
				_, err := r.ExecuteCommand(args...)
				require.NoError(t, err)
			}
		}
		for _, m := range methods {
			if m.Name == "Shutdown" {
				continue
			}
			t.Run(m.Name, func(t *testing.T) {
				rm := reflect.ValueOf(r).MethodByName(m.Name)
				args := make([]reflect.Value, rm.Type().NumIn())
				for i := range args {
					typ := rm.Type().In(i)
					if rm.Type().IsVariadic() && i == len(args)-1 {
						typ = typ.Elem()
					}
					args[i] = sample(m.Name, m.ParamNames[i], typ)
				}
				seed(t, m.File)
				want, wantErr := direct(rm.Call(args))
				for _, tx := range []bool{false, true} {
					seed(t, m.File)
					p := pipeline.New(r, tx)
					res := reflect.ValueOf(p).MethodByName(m.Name).Call(args)[0]
					_, err := p.ExecuteWith(pipeline.ExecuteOptions{})
					out := res.MethodByName("Result").Call(nil)
					got, gotErr := out[0].Interface(), out[1].Interface()
					if volatile[m.Name] {
						assert.NotEqual(t, pipeline.ErrNotExecuted, gotErr)
						if gotErr == nil && wantErr == nil {
							assert.IsType(t, want, got)
						}
						continue
					}
					if tx && wantErr != nil {
						// A command the server refuses at MULTI time
						// aborts the transaction: EXECABORT, and the
						// command's own error in its Result.
						_ = err
					} else {
						require.NoError(t, err, "transaction=%v", tx)
					}
					if wantErr != nil {
						if assert.NotNil(t, gotErr, "transaction=%v: the client said %v", tx, wantErr) {
							assert.Equal(t, wantErr.(error).Error(), gotErr.(error).Error(), "transaction=%v", tx)
						}
						continue
					}
					if !assert.Nil(t, gotErr, "transaction=%v", tx) {
						continue
					}
					assert.Equal(t, want, got, "transaction=%v", tx)
				}
			})
		}
	})
}

// direct turns the results of a chapter 04 method into (value, error) as
// the pipeline's Result has them.
func direct(out []reflect.Value) (any, any) {
	errv := out[len(out)-1].Interface()
	switch len(out) {
	case 1:
		return struct{}{}, errv
	case 3:
		return pipeline.KeyValue{Key: out[0].Interface().([]byte), Value: out[1].Interface().([]byte)}, errv
	}
	return out[0].Interface(), errv
}

// Shutdown's result on a pipeline is chapter 04's: the server closing the
// connection is success. A fake server that hangs up stands in for one
// that shut down.
func TestShutdownOnAPipeline(t *testing.T) {
	f, err := redistest.NewFake(redistest.HangUp)
	require.NoError(t, err)
	defer f.Close()
	r := newClient(f.Host, f.Port, client.Options{})
	assert.NoError(t, r.Shutdown())
	for _, tx := range []bool{false, true} {
		p := pipeline.New(r, tx)
		res := p.Shutdown()
		_, err := p.Execute()
		assert.Error(t, err, "the connection closed")
		assert.NoError(t, res.Err(), "transaction=%v", tx)
	}
}
