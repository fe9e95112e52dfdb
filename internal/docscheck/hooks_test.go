package docscheck

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// warningsPy turns DeprecationWarnings on as mkdocs does, loads
// tools/mkdocs/hooks.py (unless its path is "-"), then renders the Jinja
// literal of Material's search separator, which makes jinja2's lexer warn,
// and raises three more warnings that must still show. It prints what was
// shown, as "Category file: message".
const warningsPy = `
import sys, json, warnings, importlib.util
warnings.simplefilter('module', DeprecationWarning)
if sys.argv[1] != '-':
    spec = importlib.util.spec_from_file_location('hooks', sys.argv[1])
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
shown = []
warnings.showwarning = lambda message, category, filename, lineno, file=None, line=None: shown.append(
    '%s %s: %s' % (category.__name__, filename.rsplit('/', 1)[-1], message))
import jinja2
jinja2.Environment().from_string(r'{{ "[\s\-]+" }}').render()
warnings.warn_explicit("invalid escape sequence '\\q'", DeprecationWarning, 'other.py', 1, module='other')
warnings.warn_explicit('something else', DeprecationWarning, 'lexer.py', 1, module='jinja2.lexer')
warnings.warn_explicit("invalid escape sequence '\\s'", UserWarning, 'lexer.py', 2, module='jinja2.lexer')
print(json.dumps(shown))
`

// TestHooksSilenceOnlyJinjasEscapeWarning: with the hooks loaded, mkdocs no
// longer prints the DeprecationWarning jinja2's lexer raises for Material's
// "[\s\-]+", and still prints every other warning.
func TestHooksSilenceOnlyJinjasEscapeWarning(t *testing.T) {
	root := repoRoot(t)
	py := mkdocsPython()
	if err := exec.Command(py, "-c", "import mkdocs, jinja2").Run(); err != nil {
		msg := py + " cannot import mkdocs and jinja2 (apt-get install mkdocs)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; under CI=true this check must run")
		}
		t.Skip(msg)
	}
	shown := func(hooks string) []string {
		cmd := exec.Command(py, "-c", warningsPy, hooks)
		cmd.Dir = root
		out, err := cmd.Output()
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("%s: %v\n%s", py, err, ee.Stderr)
		}
		require.NoError(t, err)
		var w []string
		require.NoError(t, json.Unmarshal(out, &w))
		return w
	}
	const jinjas = `DeprecationWarning lexer.py: invalid escape sequence '\s'`
	others := []string{
		`DeprecationWarning other.py: invalid escape sequence '\q'`,
		`DeprecationWarning lexer.py: something else`,
		`UserWarning lexer.py: invalid escape sequence '\s'`,
	}
	without := shown("-")
	assert.Contains(t, without, jinjas, "without the hooks, jinja2 should warn (else this test proves nothing)")
	with := shown(filepath.Join(root, "tools", "mkdocs", "hooks.py"))
	assert.NotContains(t, with, jinjas, "the hooks should silence jinja2's escape warning")
	assert.Equal(t, others, with, "every other warning should still show")
}
