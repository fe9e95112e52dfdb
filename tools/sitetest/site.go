// Package sitetest checks the docs site as readers meet it: built by mkdocs,
// served on 127.0.0.1 (or opened from the file system) and read in a real,
// headless Chromium driven with chromedp.
//
// It is a module of its own so that the project's main module keeps
// depending only on what the chapters need; the browser driver is a
// dependency of this test alone.
//
// The tests live in sitetest_test.go and search_test.go; this file finds
// the tools (mkdocs, Chromium) and the pages of a built site.
package sitetest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// RepoRoot is the project root: the nearest directory above dir that holds
// mkdocs.yml.
func RepoRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "mkdocs.yml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no mkdocs.yml in any directory above the working directory")
		}
		dir = parent
	}
}

// Mkdocs is the mkdocs command to build with: $MKDOCS, else Debian's
// /usr/bin/mkdocs (another python3 earlier on PATH may lack mkdocs), else
// mkdocs on PATH. It returns "" when there is none.
func Mkdocs() string {
	if m := os.Getenv("MKDOCS"); m != "" {
		return m
	}
	if _, err := os.Stat("/usr/bin/mkdocs"); err == nil {
		return "/usr/bin/mkdocs"
	}
	if p, err := exec.LookPath("mkdocs"); err == nil {
		return p
	}
	return ""
}

// Chromium is the browser to drive: $CHROMIUM, else Debian's
// /usr/bin/chromium, else the first of the usual names on PATH. It returns
// "" when there is none (or $CHROMIUM names no program).
func Chromium() string {
	if c := os.Getenv("CHROMIUM"); c != "" {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
		return ""
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Build runs `mkdocs build --strict` for the project at root into siteDir.
// directoryURLs false gives the copy for the file system (`make site`):
// every page is a .html file and every link names one, so a browser can
// follow links without a server to turn "chapters/01-pool/" into
// "chapters/01-pool/index.html".
func Build(mkdocs, root, siteDir string, directoryURLs bool) error {
	args := []string{"build", "--strict", "--quiet", "--site-dir", siteDir}
	if !directoryURLs {
		args = append(args, "--no-directory-urls")
	}
	cmd := exec.Command(mkdocs, args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", mkdocs, strings.Join(args, " "), err, out)
	}
	return nil
}

// Page is one page of a built site.
type Page struct {
	// Path is the page's URL path relative to the site root, as a link
	// from the root would name it: "" for the home page,
	// "chapters/01-pool/" (directory URLs) or "chapters/01-pool.html".
	Path string
	// Lang is "zh" for pages under zh/, "en" for the others.
	Lang string
}

// zhPrefix is where the Chinese pages live, in the site as under docs/.
const zhPrefix = "zh/"

// Pages lists the pages of a built site: every HTML file but the 404 page
// and anything under assets/ or search/. Listing files rather than reading
// mkdocs.yml's nav means a new page is checked as soon as it is built.
// With directoryURLs a page's path is its directory ("chapters/01-pool/"),
// as the site's links name it; without, the file ("chapters/01-pool.html").
func Pages(siteDir string, directoryURLs bool) ([]Page, error) {
	var pages []Page
	err := filepath.WalkDir(siteDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(siteDir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "assets" || rel == "search" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".html") || rel == "404.html" {
			return nil
		}
		urlPath := rel
		if directoryURLs && path.Base(rel) == "index.html" {
			urlPath = strings.TrimSuffix(rel, "index.html")
		}
		lang := "en"
		if strings.HasPrefix(urlPath, zhPrefix) {
			lang = "zh"
		}
		pages = append(pages, Page{Path: urlPath, Lang: lang})
		return nil
	})
	sort.Slice(pages, func(i, j int) bool { return pages[i].Path < pages[j].Path })
	return pages, err
}

// Twin is the path of the same page in the other language.
func Twin(p Page) Page {
	if p.Lang == "zh" {
		return Page{Path: strings.TrimPrefix(p.Path, zhPrefix), Lang: "en"}
	}
	return Page{Path: zhPrefix + p.Path, Lang: "zh"}
}

// PagePath is the URL path, relative to the site root, of the page built
// from a Markdown file under docs/ ("chapters/01-pool.md").
func PagePath(mdPath string, directoryURLs bool) string {
	base := strings.TrimSuffix(mdPath, ".md")
	if !directoryURLs {
		return base + ".html"
	}
	switch {
	case base == "index":
		return ""
	case strings.HasSuffix(base, "/index"):
		return strings.TrimSuffix(base, "index")
	}
	return base + "/"
}
