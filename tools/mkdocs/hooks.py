"""MkDocs hooks for the redis-py 2.4.6-in-Go docs site (mkdocs 1.4 `hooks:`).

Written for the versions Debian 12 ships: mkdocs 1.4.2, mkdocs-material 8.2.5
and pymdown-extensions 9.5. They add what those versions lack:

1. Snippet includes with named sections (on_page_markdown).
   Pages include Go code with the pymdown-extensions >= 9.7 syntax, on a line
   of its own (usually inside a fenced code block):

       --8<-- "chapters/01-pool/pool.go"                  (whole file)
       --8<-- "chapters/01-pool/pool.go:get_connection"   (named section)

   and source files mark sections with lines containing
   `--8<-- [start:NAME]` / `--8<-- [end:NAME]` (in Go: `// --8<-- [start:NAME]`).
   pymdownx 9.5 cannot do sections, so pymdownx.snippets stays disabled and
   this hook expands the lines itself, giving what pymdownx.snippets >= 10.13
   gives for the same text (checked against its source): the include line's
   indentation is put in front of every inserted line; lines are inserted
   verbatim (no dedent); section marker lines are left out, in included
   sections, whole files and the page itself alike; `;--8<--` escapes an
   include or marker line (one `;` is removed); paths are relative to the
   project root and may not leave it. (pymdownx 9.7-9.10 differ only in
   keeping other sections' marker lines nested inside an included section;
   before 10.13 also in keeping marker lines of whole-file includes.)
   Stricter than pymdownx, so mistakes fail the build even without --strict:
   a missing file, a missing section, a section without an end marker, a line
   range (`file:10:20`; use a named section) or a malformed `--8<--` line
   raises PluginError naming the page, the line, the path and the section.

2. Every page must be in `nav` (on_nav): mkdocs 1.4 only logs a page left
   out of nav at INFO level; here it fails the build. Footer previous/next
   links that would jump into the other language are removed.

3. Per-page language (on_page_context): a page under docs/zh/ is Chinese,
   every other page English. The context gets
     page_lang   "en" or "zh"; overrides/partials/language.html uses it to
                 pick Material's interface strings and <html lang>;
   and, for the time the page is rendered, the config values Material's own
   header reads get this page's values: extra.alternate (the language
   switcher, each entry linking to the same page in that language),
   extra.homepage (the logo goes to this language's home), the palette
   toggle labels (Chinese on zh pages), and site_name and site_description
   (mkdocs has one of each; zh pages get extra.zh.site_name and
   extra.zh.site_description from mkdocs.yml, for the <title>, the header,
   the logo's label and the description).

4. Chinese search (on_post_build, on_page_context). Material 8.2.5 splits
   text into words with the search plugin's `separator` alone, one
   character at a time, and Chinese has no blanks between words, so a
   whole clause became one "word" and 连接池 found nothing inside it. The
   segmenter Material uses for Chinese in later versions (jieba) is not in
   Debian. Instead every Han character becomes a word of its own: the
   index gets a zero-width space (U+200B, in the separator, invisible in
   the result teasers) on each side of every Han character, and
   overrides/assets/javascripts/bilingual-search.js splits a query the same
   way and makes each of its characters required. A page or section then
   matches a Chinese query when it holds all of its characters, and ranks
   by how often (lunr's BM25). Neighbouring pairs listed as extra terms
   were tried and ranked worse on the measured list,
   tools/sitetest/testdata/search-terms.tsv, which this has to pass. on_env hands the separator to the templates
   (404.html included), so a query is cut exactly where the index is.
   A page can keep sections out of the index with `search_exclude: [id,
   ...]` in its front matter (the glossary's table of every term would
   otherwise rank first for each of them): on_post_build drops those
   sections' entries and rebuilds the page's own entry from the rest.
   `search_exclude: page` keeps the whole page out (the workshop's
   exercise pages: short and full of the chapters' words, they would
   outrank the chapters they send the reader to).

5. The offline copy (on_post_build, when use_directory_urls is false, as
   in `make site`). A page opened from the file system may not fetch
   search_index.json nor start a worker from a file, so the build also
   writes both as scripts (search/search_index.js and
   assets/javascripts/search-worker-source.js) that main.html loads on
   such pages; the search script starts the worker from a blob.
"""

import base64
import glob
import json
import os
import re
import warnings

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# Material 8.2.5's interface strings (partials/languages/*.html) write the
# search separator as the Jinja string literal "[\s\-]+". jinja2 3.1's lexer
# decodes string literals with "unicode-escape", which warns that "\s" is an
# invalid escape, and mkdocs prints that DeprecationWarning with a traceback
# on every build, where it reads like an error. The template means what it
# says and is not ours to change, so this ignores exactly that warning:
# DeprecationWarning, "invalid escape sequence", raised in jinja2.lexer.
# mkdocs turns DeprecationWarnings on before it loads this file; a filter
# added later is tried first. Any other warning still shows.
warnings.filterwarnings('ignore', message='invalid escape sequence', category=DeprecationWarning,
                        module=r'jinja2\.lexer$')

# ---------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------

# (code, switcher label, docs/ sub-directory). The first one is the default:
# every page outside the other languages' directories belongs to it.
LANGUAGES = (
    ("en", "English", ""),
    ("zh", "中文", "zh/"),
)


def page_language(src_uri):
    """The language code of a page, from its path under docs/."""
    for code, _, prefix in LANGUAGES[1:]:
        if src_uri.startswith(prefix):
            return code
    return LANGUAGES[0][0]


def _strip_language(src_uri):
    """The path of a page relative to its language's root."""
    for _, _, prefix in LANGUAGES[1:]:
        if src_uri.startswith(prefix):
            return src_uri[len(prefix):]
    return src_uri


def twin_uri(src_uri, code):
    """The path under docs/ of the same page in language `code`."""
    prefix = next(p for c, _, p in LANGUAGES if c == code)
    return prefix + _strip_language(src_uri)


# ---------------------------------------------------------------------------
# Snippet includes
# ---------------------------------------------------------------------------

# An include line, as pymdownx.snippets matches it: indentation, optional `;`
# escapes, scissors, blanks, a quoted path, nothing after it.
RE_INCLUDE = re.compile(
    r'''(?x)
    ^(?P<space>[ \t]*)
    (?P<escape>;*)
    (?P<marker>-+8<-+[ \t]+)
    (?P<snippet>"(?:\\"|[^"\n\r])+?"|'(?:\\'|[^'\n\r])+?')
    (?![ \t])\r?$
    '''
)

# A line that starts like an include but is not one (trailing blanks, the
# block form, an unquoted path...). pymdownx would print it verbatim.
RE_INCLUDE_LIKE = re.compile(r'^[ \t]*;*-+8<-+(?:[ \t]|\r?$)')

# A section marker anywhere in a line, as pymdownx.snippets (>= 9.10) matches it.
RE_SECTION = re.compile(
    r'''(?xi)
    ^(?P<pre>.*?)
    (?P<escape>;*)
    (?P<inline_marker>-+8<-+[ \t]+)
    (?P<section>\[[ \t]*(?P<type>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\])
    (?P<post>.*?)$
    '''
)

# path, optional :start:end line range, or :section.
RE_PATH = re.compile(r'(?i)(.*?)(?:(:[0-9]*)?(:[0-9]*)?|(:[a-z][-_0-9a-z]*)?)$')

TAB_LENGTH = 4  # Python-Markdown's default, used by pymdownx for indentation


class IncludeError(Exception):
    """A problem with one include line; the caller adds the page."""


def _unescape_marker(m):
    return (m.group('pre') + m.group('escape').replace(';', '', 1) +
            m.group('inline_marker') + m.group('section') + m.group('post'))


def extract_section(lines, name, path):
    """The lines between `[start:name]` and `[end:name]`, markers left out."""
    out = []
    inside = found = ended = False
    for line in lines:
        m = RE_SECTION.match(line)
        if m and inside and m.group('escape'):
            line = _unescape_marker(m)
        elif m and m.group('name') == name:
            if m.group('type') == 'start':
                if not inside and not found:
                    inside = found = True
                continue  # a duplicate start is ignored
            if inside:  # our end
                ended = True
                break
            raise IncludeError(
                f"section '{name}' in {path}: end marker comes before the start marker")
        elif m:
            continue  # another section's marker
        if inside:
            out.append(line)
    if not found:
        raise IncludeError(
            f"section '{name}' not found in {path} "
            f"(expected a line with `--8<-- [start:{name}]`)")
    if not ended:
        raise IncludeError(
            f"section '{name}' in {path} has no end marker "
            f"(expected a line with `--8<-- [end:{name}]`)")
    return out


def _strip_marker(line):
    """A line outside any included section: None if it is a section marker
    (dropped), the line with one `;` removed if it is an escaped marker, the
    line itself otherwise."""
    m = RE_SECTION.match(line)
    if m is None:
        return line
    if m.group('escape'):
        return _unescape_marker(m)
    return None


def _read_lines(abs_path):
    # As pymdownx >= 10.13 reads a snippet: a final line break gives a final
    # empty line (invisible in a code block: Pygments drops trailing blanks).
    with open(abs_path, encoding='utf-8', newline='') as f:
        lines = []
        last = False
        for line in f:
            last = line.endswith(('\r', '\n'))
            lines.append(line.strip('\r\n'))
        if last:
            lines.append('')
        return lines


def expand_includes(lines, root, seen=(), in_section=False):
    """Expand include lines in `lines` (a list of str); returns a new list.

    `root` is the project root every include path is relative to. Section
    marker lines are dropped everywhere except inside an extracted section
    (where extract_section already did), as pymdownx >= 10.13 does. Raises
    IncludeError with a message naming the line, the path and the section.
    """
    out = []
    for number, line in enumerate(lines, 1):
        m = RE_INCLUDE.match(line)
        if not m:
            if RE_INCLUDE_LIKE.match(line) and not RE_SECTION.match(line) \
                    and not line.lstrip(' \t').startswith(';'):
                raise IncludeError(
                    f"line {number}: malformed include {line.strip()!r}: write "
                    f"--8<-- \"path\" or --8<-- \"path:section\" alone on the line, "
                    f"with nothing after the closing quote")
            if not in_section:
                line = _strip_marker(line)
                if line is None:
                    continue
            out.append(line)
            continue
        if m.group('escape'):
            out.append(line.replace(';', '', 1))
            continue
        space = m.group('space').expandtabs(TAB_LENGTH)
        spec = m.group('snippet')[1:-1].strip()
        pm = RE_PATH.match(spec)
        path = pm.group(1).strip()
        section = pm.group(4)[1:] if pm.group(4) else None
        where = f"line {number}: include \"{spec}\""
        if pm.group(2) or pm.group(3):
            raise IncludeError(f"{where}: line ranges are not supported; "
                               f"mark a named section in the source and include \"{path}:NAME\"")
        if not path:
            raise IncludeError(f"{where}: no path")
        if path.lower().startswith(('http://', 'https://')):
            raise IncludeError(f"{where}: only files of this repository can be included")
        abs_path = os.path.abspath(os.path.join(root, path))
        if os.path.commonpath([abs_path, root]) != root:
            raise IncludeError(f"{where}: path {path} leaves the project root")
        if not os.path.isfile(abs_path):
            raise IncludeError(f"{where}: file {path} does not exist "
                               f"(paths are relative to the project root, {root})")
        if abs_path in seen:
            continue  # recursion, skipped as pymdownx does
        try:
            body = _read_lines(abs_path)
            if section:
                body = extract_section(body, section, path)
            body = expand_includes(body, root, tuple(seen) + (abs_path,), in_section=bool(section))
        except IncludeError as e:
            raise IncludeError(f"{where}: {e}") from None
        except (OSError, UnicodeDecodeError) as e:
            raise IncludeError(f"{where}: cannot read {path}: {e}") from None
        out.extend(space + body_line for body_line in body)
    return out


def _project_root(config):
    return os.path.dirname(os.path.abspath(config['config_file_path']))


def _line_offset(page, markdown):
    """Lines of front matter before `markdown` in the page's file, so error
    messages give line numbers of the file."""
    try:
        with open(page.file.abs_src_path, encoding='utf-8-sig') as f:
            source = f.read()
    except OSError:
        return 0
    return max(0, source.count('\n') - markdown.count('\n'))


RE_LINE = re.compile(r'^line (\d+):')


def on_page_markdown(markdown, page, config, files):
    root = _project_root(config)
    try:
        lines = expand_includes(markdown.split('\n'), root)
    except IncludeError as e:
        offset = _line_offset(page, markdown)
        msg = RE_LINE.sub(lambda m: f"line {int(m.group(1)) + offset}:", str(e), count=1)
        raise PluginError(f"docs/{page.file.src_uri}: {msg}") from None
    return '\n'.join(lines)


# ---------------------------------------------------------------------------
# Navigation
# ---------------------------------------------------------------------------

_files_by_uri = {}


def on_files(files, config):
    _files_by_uri.clear()
    for f in files.documentation_pages():
        _files_by_uri[f.src_uri] = f
    return files


def on_nav(nav, config, files):
    in_nav = {p.file.src_uri for p in nav.pages}
    missing = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in in_nav)
    if missing:
        raise PluginError(
            "pages not listed in the nav of mkdocs.yml (every page must be): " +
            ", ".join(f"docs/{m}" for m in missing))
    # Previous/next links in the footer stay within one language.
    for p in nav.pages:
        lang = page_language(p.file.src_uri)
        if p.previous_page and page_language(p.previous_page.file.src_uri) != lang:
            p.previous_page = None
        if p.next_page and page_language(p.next_page.file.src_uri) != lang:
            p.next_page = None
    return nav


# ---------------------------------------------------------------------------
# Per-page language: interface strings and the language switcher
# ---------------------------------------------------------------------------

def language_context(page):
    """The language of a page and the switcher entries for it.

    Links are given relative to the site root, the way mkdocs.yml writes
    them; Material's templates pass them through mkdocs' `url` filter, which
    makes them relative to the page, so the site works under any sub-path.
    """
    src = page.file.src_uri
    lang = page_language(src)
    alternates = []
    home = None
    for code, label, prefix in LANGUAGES:
        target = _files_by_uri.get(twin_uri(src, code)) or _files_by_uri.get(prefix + 'index.md')
        if target is None:
            continue
        alternates.append({'name': label, 'lang': code, 'link': target.url})
        if code == lang:
            home_file = _files_by_uri.get(prefix + 'index.md')
            if home_file is not None:
                home = home_file.url
    return lang, alternates, home


# The config values a language other than the first may give for its own
# pages in mkdocs.yml, under extra.<code> (extra.zh.site_name).
SITE_KEYS = ('site_name', 'site_description')

# Palette toggle labels on Chinese pages (mkdocs.yml holds the English ones).
TOGGLE_NAMES_ZH = {'default': '切换到深色模式', 'slate': '切换到浅色模式'}

_saved = {}

# Page URL -> ids of the sections kept out of the search index (part 4).
_search_exclude = {}


def on_page_context(context, page, config, nav):
    """Point Material's own header at this page's twins.

    Material 8.2.5 renders the language switcher from `extra.alternate`, the
    logo link from `extra.homepage` and the palette labels from
    `theme.palette`, all read from the config while this page is rendered.
    Setting them here, per page, and restoring them in on_post_page keeps the
    theme's templates untouched.
    """
    lang, alternates, home = language_context(page)
    context['page_lang'] = lang  # overrides/partials/language.html reads it
    exclude = page.meta.get('search_exclude')
    if exclude == 'page':
        _search_exclude[page.url] = 'page'
    elif exclude:
        _search_exclude[page.url] = set(exclude)
    extra = config['extra']
    if not _saved:
        _saved['alternate'] = extra.get('alternate')
        _saved['homepage'] = extra.get('homepage')
        _saved['toggles'] = [dict(o.get('toggle') or {}) for o in config['theme']['palette']]
        _saved['site'] = {k: config[k] for k in SITE_KEYS}
    extra['alternate'] = alternates
    if home is not None:
        extra['homepage'] = home
    for key, value in ((extra.get(lang) or {}) if lang != LANGUAGES[0][0] else {}).items():
        if key not in SITE_KEYS:
            raise PluginError(f"mkdocs.yml: extra.{lang}.{key}: only {', '.join(SITE_KEYS)} can be given per language")
        config[key] = value
    for option in config['theme']['palette']:
        toggle = option.get('toggle')
        if toggle and lang == 'zh' and option.get('scheme') in TOGGLE_NAMES_ZH:
            toggle['name'] = TOGGLE_NAMES_ZH[option['scheme']]
    return context


def on_post_page(output, page, config):
    """Put back what on_page_context changed, so nothing leaks into the next
    page or into 404.html (which has no page of its own)."""
    if _saved:
        config['extra']['alternate'] = _saved['alternate']
        config['extra']['homepage'] = _saved['homepage']
        for key, value in _saved['site'].items():
            config[key] = value
        for option, toggle in zip(config['theme']['palette'], _saved['toggles']):
            if option.get('toggle'):
                option['toggle'].clear()
                option['toggle'].update(toggle)
    return output


# ---------------------------------------------------------------------------
# Search: Han characters as words, and the offline copy
# ---------------------------------------------------------------------------

# Han characters: the CJK unified ideographs, extension A and the
# compatibility block. bilingual-search.js has the same class.
HAN = '\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff'
ZWSP = '\u200b'

# A point between two characters, one of them Han, where no blank is yet.
RE_HAN_EDGE = re.compile(
    f'(?<=[^\\s{ZWSP}])(?=[{HAN}])|(?<=[{HAN}])(?=[^\\s{ZWSP}])')


def split_han(text):
    """Text with a zero-width space on each side of every Han character
    that has no blank there already: 连接池 in Go -> 连|接|池 in Go."""
    return RE_HAN_EDGE.sub(ZWSP, text)


def exclude_sections(docs, exclude):
    """The search index entries without the sections `exclude` names
    ({page URL: {section id}}); a page's own entry is rebuilt from the
    titles and texts of the sections it keeps."""
    out = []
    for doc in docs:
        url, _, anchor = doc['location'].partition('#')
        if exclude.get(url) == 'page' or (anchor and anchor in exclude.get(url, ())):
            continue
        out.append(doc)
    for doc in out:
        url, _, anchor = doc['location'].partition('#')
        if url in exclude and not anchor:
            kept = [d for d in out if d['location'].startswith(url + '#')]
            doc['text'] = ' '.join(f"{d['title']} {d['text']}" for d in kept)
    return out


def search_separator(config):
    """The search plugin's separator; it must split on ZWSP."""
    plugin = config['plugins'].get('search')
    sep = plugin.config['separator'] if plugin else ''
    if ZWSP not in sep and '\\u200b' not in sep:
        raise PluginError(
            "mkdocs.yml: the search plugin's separator must include \\u200b, "
            "the zero-width space tools/mkdocs/hooks.py puts around Chinese characters")
    return sep


def on_env(env, config, files):
    env.globals['search_separator'] = search_separator(config)  # overrides/main.html
    # The Run buttons (overrides/assets/javascripts/live.js) need what
    # `make live` writes to docs/assets/live/; without it, no buttons.
    env.globals['live_built'] = os.path.isfile(
        os.path.join(config['docs_dir'], 'assets', 'live', 'manifest.js'))
    return env


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config):
    search_separator(config)
    site = config['site_dir']
    path = os.path.join(site, 'search', 'search_index.json')
    if not os.path.isfile(path):
        return
    with open(path, encoding='utf-8') as f:
        index = json.load(f)
    index['docs'] = exclude_sections(index['docs'], _search_exclude)
    for doc in index['docs']:
        doc['title'] = split_han(doc['title'])
        doc['text'] = split_han(doc['text'])
    # ensure_ascii=False keeps Chinese readable and the file a third smaller.
    data = json.dumps(index, ensure_ascii=False, separators=(',', ':'))
    with open(path, 'w', encoding='utf-8') as f:
        f.write(data)
    if config['use_directory_urls']:
        return
    # The copy for the file system: the index and the worker as scripts.
    with open(os.path.join(site, 'search', 'search_index.js'), 'w', encoding='utf-8') as f:
        f.write('window.__searchIndex = ' + data + ';\n')
    workers = glob.glob(os.path.join(site, 'assets', 'javascripts', 'workers', 'search.*.min.js'))
    if len(workers) != 1:
        raise PluginError(f"expected one search worker of Material's in {site}, found {workers}")
    with open(workers[0], encoding='utf-8') as f:
        worker = f.read()
    # The source map comment would point nowhere from a blob.
    worker = re.sub(r'\n//# sourceMappingURL=.*\s*$', '\n', worker)
    with open(os.path.join(site, 'assets', 'javascripts', 'search-worker-source.js'), 'w', encoding='utf-8') as f:
        f.write('window.__searchWorkerSource = ' + json.dumps(worker) + ';\n')
    write_live_offline(site)


def write_live_offline(site):
    """The Run buttons from the file system (live.js): a page opened from a
    file may neither start a worker from a file nor fetch one, so the worker,
    Go's wasm_exec.js and the module come as scripts: assets/live/offline.js
    (the two sources, loaded by every page, small) and
    assets/live/redispy.wasm.js (the module in base64, loaded on the first
    Run). Nothing when `make live` has not built the module."""
    live = os.path.join(site, 'assets', 'live')
    wasm = os.path.join(live, 'redispy.wasm')
    if not os.path.isfile(wasm):
        return
    with open(os.path.join(site, 'assets', 'javascripts', 'live-worker.js'), encoding='utf-8') as f:
        worker = f.read()
    with open(os.path.join(live, 'wasm_exec.js'), encoding='utf-8') as f:
        exec_js = f.read()
    with open(os.path.join(live, 'offline.js'), 'w', encoding='utf-8') as f:
        f.write('window.redispyLiveOffline = {worker: ' + json.dumps(worker) +
                ', exec: ' + json.dumps(exec_js) + ', wasm: "redispy.wasm.js"};\n')
    with open(wasm, 'rb') as f:
        data = base64.b64encode(f.read()).decode('ascii')
    with open(os.path.join(live, 'redispy.wasm.js'), 'w', encoding='ascii') as f:
        f.write('window.redispyLiveWasmBase64 = "' + data + '";\n')
