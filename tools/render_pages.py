"""Render the docs site's pages without Quarto, from the notebooks' committed outputs, and screenshot them.

Each page in `_quarto.yml`'s sidebar, in reading order, goes through nbdev 2's own doc processors (`FilterDefaults`:
frontmatter, `#| hide`/`#| export` removal, show_doc cells, links), then Quarto's cell options (`echo`, `output`,
`include`) are applied and nbconvert's lab template writes `_pages/<page>.html` with a sidebar in reading order.
Headless Chromium then takes a full-page screenshot of each into `_pages/screenshots/<notebook>.png` (the page
height is measured over the DevTools protocol on a pipe; a fixed 1280x4000 window is the fallback).
The notebooks are not executed: nbdev's show_doc pass runs only imports, exported cells and show_doc calls, and of a
cell that mixes imports with other code (which `nbdev_docs` runs whole) only its imports, unless --run-mixed-cells.

A page FAILS when its committed outputs hold an error output, a traceback, or a stderr stream with 'ERROR'/'Error';
other stderr is listed as a warning (a failure with --strict).

Usage: python tools/render_pages.py [--pages NAME ...] [--no-screenshots] [--strict] [--run-mixed-cells]
"""
import argparse, base64, html, json, os, posixpath, re, select, shutil, subprocess, sys, tempfile, time, warnings
from pathlib import Path

os.environ.setdefault('OMP_NUM_THREADS', '1')  # the show_doc pass imports torch: stay light on a shared machine
os.environ.setdefault('MKL_NUM_THREADS', '1')
os.environ.setdefault('MPLBACKEND', 'Agg')

ROOT = Path(__file__).resolve().parent.parent
NBS, OUT = ROOT/'nbs', ROOT/'_pages'
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--hide-scrollbars',
                  '--disable-background-networking', '--disable-component-update', '--disable-sync']
WIDTH, FIXED_HEIGHT, MAX_HEIGHT = 1280, 4000, 30000
DEBIAN_MATHJAX = Path('/usr/share/javascript/mathjax/MathJax.js')  # Debian's libjs-mathjax, for math without network
BIG_OUTPUT_CHARS, BIG_OUTPUT_LINES = 100_000, 150

# ---------------------------------------------------------------------------------------------------------------------
# The pages, in the sidebar's order

def sidebar_pages():
    "The sidebar's notebooks as (section, path relative to nbs/), in reading order."
    import yaml
    cfg = yaml.safe_load((ROOT/'_quarto.yml').read_text())
    res = []
    def walk(items, section):
        for it in items or []:
            if isinstance(it, str): res.append((section, it))
            elif isinstance(it, dict) and 'contents' in it: walk(it['contents'], it.get('section', section))
            elif isinstance(it, dict) and 'href' in it: res.append((section, it['href']))
    walk(cfg['website']['sidebar']['contents'], None)
    return [(s, p) for s, p in res if p.endswith('.ipynb')]

def html_name(rel):
    "The page's file name on the Quarto site (nbdev drops the number prefix: `02_quantizers.ipynb` -> `quantizers.html`)."
    from nbdev.doclinks import _nbpath2html
    return _nbpath2html(Path(rel)).as_posix()

def raw_title(nb):
    "The page title from a notebook's frontmatter or first `# heading`, as nbdev's FrontmatterProc finds it."
    from nbdev.frontmatter import _fm2dict, _md2dict
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for c in nb['cells']:
            src = ''.join(c['source'])
            d = _fm2dict(src) if c['cell_type'] == 'raw' else _md2dict(src) if c['cell_type'] == 'markdown' else {}
            if d.get('title'): return str(d['title'])
    return None

def title_cell_loss(nb):
    "A note when the title cell holds more than `# title` and `> description`: nbdev's frontmatter drops the rest."
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] == 'raw': return None
        src = ''.join(c['source'])
        if c['cell_type'] != 'markdown' or not re.search(r'^#\s+\S', src, re.M): continue
        body = [l for l in src.splitlines() if l.strip() and not re.match(r'^(#|>)\s+\S', l)]
        if body: return (f"cell {i}: nbdev's FrontmatterProc keeps only the title and description of the title cell: "
                         f"its other {len(body)} lines are not on the page (`{_first_line(body[0])}`)")
        return None

# ---------------------------------------------------------------------------------------------------------------------
# Checking the committed outputs

def _text(o):
    "The text of an output: stream text, error traceback, or the text of its data."
    if o.get('output_type') == 'stream': return ''.join(o.get('text', ''))
    if o.get('output_type') == 'error': return '\n'.join(o.get('traceback', []))
    return '\n'.join(''.join(v) if isinstance(v, list) else str(v) for k, v in o.get('data', {}).items()
                     if k.startswith('text/'))

def _first_line(src, n=60):
    s = next((l.strip() for l in src.splitlines() if l.strip() and not l.lstrip().startswith('#|')), '')
    return s if len(s) <= n else s[:n-3] + '...'

def check_outputs(nb):
    "Failures, warnings and notes about the committed outputs of a notebook (a dict), cell by cell."
    fails, warns, notes = [], [], []
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'code': continue
        src = ''.join(c['source'])
        hidden = ' (hidden on the page)' if re.search(r'^\s*#\|\s*(hide|export)\s*$', src, re.M) else ''
        where = f"cell {i} `{_first_line(src)}`{hidden}"
        if re.search(r'^\s*#\|\s*echo:\s*false', src, re.M) and not c.get('outputs'):
            notes.append(f"{where}: an `echo: false` cell without a committed output: the page shows nothing there")
        for o in c.get('outputs', []):
            t = _text(o)
            if o['output_type'] == 'error': fails.append(f"{where}: error output {o.get('ename')}: {o.get('evalue')}")
            elif 'Traceback' in t: fails.append(f"{where}: traceback in the {o.get('name', 'output')} text")
            elif o.get('name') == 'stderr':
                bad = [l for l in t.splitlines() if 'ERROR' in l or 'Error' in l]
                lines = [l for l in t.splitlines() if l.strip()]
                if bad: fails.append(f"{where}: stderr: {bad[0].strip()[:160]}")
                elif lines: warns.append(f"{where}: stderr: {lines[0].strip()[:160]}"
                                         + (f" (+{len(lines)-1} lines)" if len(lines) > 1 else ''))
            nlines = t.count('\n')
            if len(t) > BIG_OUTPUT_CHARS or nlines > BIG_OUTPUT_LINES:
                notes.append(f"{where}: large {o['output_type']} output ({nlines} lines, {len(t)//1000} k chars)")
    return fails, warns, notes

# ---------------------------------------------------------------------------------------------------------------------
# nbdev's doc processing, then Quarto's cell options

_EXEC_DIRS = {'export', 'exports', 'exporti', 'exec_doc'}

def mixes_imports(cell):
    "Whether `cell` mixes imports with other code, which nbdev's show_doc pass runs whole (it warns about those)."
    import ast
    from nbdev.processors import _ast_contains, _show_docs, cell_lang
    if cell.cell_type != 'code' or cell_lang(cell) != 'python' or not cell.source or cell.directives_.keys() & _EXEC_DIRS:
        return False
    if cell.directives_.get('eval:', [''])[0].lower() == 'false' or not (trees := cell.parsed_()): return False
    return bool(_ast_contains(trees, (ast.Import, ast.ImportFrom)) and _ast_contains(trees, (ast.Expr, ast.Assign))
                and not _show_docs(trees))

def show_doc_pass(run_mixed):
    "nbdev's `exec_show_docs`; unless `run_mixed`, cells mixing imports with other code only get their imports run."
    import ast
    from nbdev.processors import exec_show_docs
    class exec_show_docs_committed(exec_show_docs):
        def begin(self):
            self.mixed = []
            super().begin()
        def __call__(self, cell):
            if not getattr(self.nb, 'has_docs_', None) or not hasattr(self, 'k') or not mixes_imports(cell):
                return super().__call__(cell)
            self.mixed.append((cell.source, sorted(cell.directives_.keys() & {'slow', 'gpu'})))
            self.nb.mixed_ = self.mixed
            if run_mixed: return super().__call__(cell)
            imports = [ast.unparse(n) for n in cell.parsed_() if isinstance(n, (ast.Import, ast.ImportFrom))]
            self.k.run('\n'.join(imports))
            if self.k.exc: self.mixed[-1] += (f'its imports fail: {type(self.k.exc).__name__}: {self.k.exc}',)
            self.k.exc = None
    return exec_show_docs_committed

def nbdev_process(path, show_docs=True, run_mixed=False):
    "The notebook as nbdev's doc processors leave it for Quarto (a dict), with warnings and failures on the way."
    from execnb.nbio import read_nb, nb2dict
    from nbdev.processors import FilterDefaults
    from nbdev.process import NBProcessor
    nb = read_nb(path)
    procs = [show_doc_pass(run_mixed) if p.__name__ == 'exec_show_docs' else p for p in FilterDefaults().procs()
             if show_docs or p.__name__ != 'exec_show_docs']
    cwd, os.environ['IN_TEST'] = os.getcwd(), '1'  # as nbdev's serve_drv does; cwd as in Jupyter: the notebook's folder
    try:
        os.chdir(path.parent)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            NBProcessor(nb=nb, procs=procs).process()
    finally:
        os.chdir(cwd); os.environ.pop('IN_TEST', None)
    raw = [''.join(c.get('source', '')) for c in json.loads(path.read_text(encoding='utf-8'))['cells']]
    res, fails = [], []
    for src, flags, *err in getattr(nb, 'mixed_', []):
        i = next((i for i, r in enumerate(raw) if src.strip() and src.strip() in r), '?')
        flag = f", though `make test` skips it as `{'`/`'.join(flags)}`" if flags else ''
        if err: fails.append(f"cell {i} `{_first_line(src)}`: nbdev's show_doc pass (nbdev_docs too) runs this cell "
                             f"(it has imports), and {err[0]}")
        else: res.append(f"cell {i} `{_first_line(src)}` mixes imports with other code: nbdev_docs runs it{flag}"
                         + ("" if run_mixed else " (here only its imports ran)"))
    for w in caught:
        msg = str(w.message)
        if msg.startswith('Found cells containing imports and other code'): continue
        lines = [l.strip() for l in msg.splitlines() if l.strip() and l.strip() != '---']
        s = ' '.join(lines[:2])
        res.append(s if len(s) <= 170 else s[:167] + '...')
    return nb2dict(nb), res, fails

def process_page(rel, run_mixed=False):
    "nbdev's processing of one page (run in a fresh process): the notebook, its warnings and its failures."
    path = NBS/rel
    try: return nbdev_process(path, run_mixed=run_mixed)
    except Exception as e:
        nb, warns, _ = nbdev_process(path, show_docs=False)
        return nb, warns, [show_doc_failure(e, json.loads(path.read_text(encoding='utf-8')))]

def show_doc_failure(e, nb):
    "What broke nbdev's show_doc pass (which `nbdev_docs` runs too), naming the cell by its index in the notebook."
    msg = str(e)
    m = re.match(r'Error(?: in notebook: .*?)? in cell \d+ :\n(.*)', msg, re.S)
    if not m: return f"nbdev's doc processing failed: {type(e).__name__}: {msg.strip()[:200]}"
    src = m.group(1).strip()
    i = next((i for i, c in enumerate(nb['cells']) if src and src in ''.join(c['source'])), '?')
    cause = f'{type(e.__cause__).__name__}: {e.__cause__}' if e.__cause__ else 'an error'
    full = ''.join(nb['cells'][i]['source']) if i != '?' else src
    what = ('this exported cell' if re.search(r'^\s*#\|\s*export', full, re.M) else
            'this cell (it has imports) but not the plain cells before it')
    return f"cell {i} `{_first_line(src)}`: nbdev's show_doc pass (nbdev_docs too) runs {what}, and gets {cause}"

_QOPT = re.compile(r'^\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$')

def _quarto_options(src):
    "Split a code cell's leading `#| key: value` Quarto options from its code."
    import yaml
    lines, opts = src.splitlines(), {}
    while lines and (_QOPT.match(lines[0]) or not lines[0].strip()):
        m = _QOPT.match(lines.pop(0))
        if m:
            try: opts[m.group(1)] = yaml.safe_load(m.group(2)) if m.group(2) else None
            except yaml.YAMLError: opts[m.group(1)] = m.group(2)
    return opts, '\n'.join(lines)

_PANDOC_LINK = re.compile(r'\[([^\]]*)\]\(([^)\s]+)\)\{([^}]*)\}')

def _pandoc_links(md):
    "Pandoc's `[text](url){target=... style=...}` (show_doc's source link), which mistune would print raw, as HTML."
    def sub(m):
        attrs = ' '.join(f'{k}="{html.escape(v)}"' for k, v in re.findall(r'([\w-]+)="([^"]*)"', m.group(3)))
        return f'<a href="{html.escape(m.group(2))}" {attrs}>{m.group(1)}</a>'
    return _PANDOC_LINK.sub(sub, md)

def quartoize(nb):
    "Apply what Quarto does with the processed notebook: frontmatter title, `echo`/`output`/`include` options."
    import yaml
    from nbdev.frontmatter import _fm2dict
    cells, fm = [], {}
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'raw' and not fm and _fm2dict(src):
            fm = _fm2dict(src); continue
        if c['cell_type'] == 'markdown': c['source'] = _pandoc_links(src)
        if c['cell_type'] == 'code':
            opts, code = _quarto_options(src)
            if opts.get('include') is False: continue
            if opts.get('output') is False: c['outputs'] = []
            for o in c.get('outputs', []):
                if opts.get('output') == 'asis' and o['output_type'] == 'stream' and o.get('name') == 'stdout':
                    o.update(output_type='display_data', data={'text/markdown': ''.join(o.pop('text'))}, metadata={})
                    o.pop('name', None)
                md = o.get('data', {}).get('text/markdown')
                if md is not None: o['data']['text/markdown'] = _pandoc_links(''.join(md))
            c['source'] = code
            if opts.get('echo') is False or not code.strip():
                c['metadata'].setdefault('transient', {})['remove_source'] = True
                if not c.get('outputs'): continue
        cells.append(c)
    nb['cells'] = cells
    title = str(fm.get('title') or '')
    head = f'<h1 class="tr-title">{html.escape(title)}</h1>' if title else ''
    if fm.get('description'):  # Quarto reads the description as markdown: at least its `code`
        desc = re.sub(r'`([^`]+)`', r'<code>\1</code>', html.escape(str(fm['description'])))
        head += f'\n<p class="tr-desc">{desc}</p>'
    if head: nb['cells'].insert(0, {'cell_type': 'markdown', 'metadata': {}, 'source': head})
    nb.setdefault('metadata', {})['title'] = title
    return title

def visible_directives(nb):
    "Notes for `#|` lines still visible in the code the page shows (Quarto only reads them at the top of a cell)."
    res = []
    for c in nb['cells']:
        if c['cell_type'] == 'code' and not c['metadata'].get('transient', {}).get('remove_source'):
            for l in ''.join(c['source']).splitlines():
                if l.lstrip().startswith('#|'): res.append(f"visible directive `{l.strip()}` in `{_first_line(c['source'])}`")
    return res

# ---------------------------------------------------------------------------------------------------------------------
# HTML

CSS = """
body.jp-Notebook { margin: 0; padding: 0 0 0 270px; }
nav.tr-side { position: fixed; left: 0; top: 0; bottom: 0; width: 250px; overflow-y: auto; padding: 16px 10px;
  box-sizing: border-box; background: #f7f7f9; border-right: 1px solid #ddd; font: 14px/1.45 system-ui, sans-serif; }
nav.tr-side .tr-site { font-size: 18px; font-weight: 600; margin: 0 0 10px 6px; }
nav.tr-side ul { list-style: none; margin: 0; padding-left: 6px; }
nav.tr-side li.tr-sec { margin-top: 8px; font-weight: 600; color: #555; }
nav.tr-side li.tr-sec ul { font-weight: normal; padding-left: 10px; }
nav.tr-side a { color: #2c5aa0; text-decoration: none; display: block; padding: 1px 4px; border-radius: 3px; }
nav.tr-side a.tr-here { background: #2c5aa0; color: #fff; }
main { max-width: 980px; padding: 12px 24px 40px 0 !important; }
.jp-RenderedMarkdown pre { background: #f6f6f6; padding: 8px 10px; border-radius: 4px; }
h1.tr-title { margin-bottom: 4px; } p.tr-desc { color: #555; font-size: 1.1em; margin-top: 0; }
.tr-pager { display: flex; justify-content: space-between; margin: 32px 0 0 0; padding-top: 10px;
  border-top: 1px solid #ddd; font: 14px system-ui, sans-serif; }
"""

TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_requirejs %}{% endblock html_head_js_requirejs %}
{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}
{% block html_head_js_mathjax %}{% if resources.tr_math %}{{ super() }}{% endif %}{% endblock html_head_js_mathjax %}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block extra_css %}<style type="text/css">{{ resources.tr_css }}</style>{% endblock extra_css %}
{% block body_header %}{{ super() }}{{ resources.tr_nav }}{% endblock body_header %}
{% block body_footer %}{{ resources.tr_pager }}{{ super() }}{% endblock body_footer %}
"""

def make_exporter():
    "nbconvert's HTMLExporter on the lab template, without prompts, with this script's sidebar blocks."
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    return HTMLExporter(template_name='lab', template_file='render_pages.html.j2', exclude_input_prompt=True,
                        exclude_output_prompt=True, embed_images=True,
                        extra_loaders=[DictLoader({'render_pages.html.j2': TEMPLATE})])

def href(rel, here):
    "The link from page `here` to page `rel` (both relative to nbs/), between their HTML files in `_pages/`."
    return posixpath.relpath(html_name(rel), posixpath.dirname(html_name(here)) or '.')

def nav_html(pages, titles, here):
    "The sidebar: every page in reading order, grouped by the sidebar's sections."
    out, section = ['<nav class="tr-side"><div class="tr-site">tokrepro</div><ul>'], None
    for sec, rel in pages:
        if sec != section:
            if section is not None: out.append('</ul></li>')
            if sec is not None: out.append(f'<li class="tr-sec">{html.escape(sec)}<ul>')
            section = sec
        cls = ' class="tr-here"' if rel == here else ''
        out.append(f'<li><a href="{href(rel, here)}"{cls}>{html.escape(titles.get(rel) or rel)}</a></li>')
    if section is not None: out.append('</ul></li>')
    return ''.join(out) + '</ul></nav>'

def pager_html(pages, titles, here):
    "Previous/next links in reading order."
    rels = [r for _, r in pages]; i = rels.index(here)
    prev, nxt = rels[i-1] if i else None, rels[i+1] if i+1 < len(rels) else None
    a = lambda r, txt: f'<a href="{href(r, here)}">{txt}</a>' if r else '<span></span>'
    return (f'<div class="tr-pager">{a(prev, "&larr; " + html.escape(titles.get(prev) or str(prev)))}'
            f'{a(nxt, html.escape(titles.get(nxt) or str(nxt)) + " &rarr;")}</div>')

def fix_links(body, site_prefix, here):
    "Links to the published site and to notebooks, made relative to the page in `_pages/` as Quarto does on the site."
    up = posixpath.relpath('.', posixpath.dirname(html_name(here)) or '.')
    if site_prefix: body = body.replace(f'href="{site_prefix}', f'href="{"" if up == "." else up + "/"}')
    def sub(m):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(here), m.group(1)))
        return f'href="{href(target, here)}{m.group(2) or ""}"'
    return re.sub(r'href="(?![a-z]+:)([^"#]+\.ipynb)(#[^"]*)?"', sub, body)

def has_math(nb):
    return any(c['cell_type'] == 'markdown' and re.search(r'\$[^$\n]+\$|\\\(|\\\[', ''.join(c['source']))
               for c in nb['cells'])

# ---------------------------------------------------------------------------------------------------------------------
# Screenshots

class Chromium:
    "Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: fds 3 and 4)."
    def __init__(self, exe):
        self.profile = tempfile.mkdtemp(prefix='render_pages_chromium_')
        to_r, self.to_w = os.pipe()      # we write commands, Chromium reads them on fd 3
        self.from_r, from_w = os.pipe()  # Chromium writes replies on fd 4
        def child():
            a, b = os.dup(to_r), os.dup(from_w)
            os.dup2(a, 3); os.dup2(b, 4)
        self.proc = subprocess.Popen([exe, *CHROMIUM_FLAGS, f'--user-data-dir={self.profile}', '--remote-debugging-pipe',
                                      'about:blank'], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, preexec_fn=child, close_fds=False)
        os.close(to_r); os.close(from_w)
        self.buf, self.n, self.events, self.session = b'', 0, [], None
        target = self.call('Target.createTarget', url='about:blank')['targetId']
        self.session = self.call('Target.attachToTarget', targetId=target, flatten=True)['sessionId']
        self.call('Page.enable')

    def _read(self, timeout):
        "The next message from Chromium, or None after `timeout` seconds."
        end = time.time() + timeout
        while b'\0' not in self.buf:
            left = end - time.time()
            if left <= 0 or not select.select([self.from_r], [], [], left)[0]: return None
            chunk = os.read(self.from_r, 1 << 20)
            if not chunk: raise RuntimeError('Chromium closed the DevTools pipe')
            self.buf += chunk
        msg, self.buf = self.buf.split(b'\0', 1)
        return json.loads(msg)

    def call(self, method, timeout=60, **params):
        "Send one DevTools command (to the page once attached) and return its result."
        self.n += 1
        msg = {'id': self.n, 'method': method, 'params': params}
        if self.session and not method.startswith(('Target.', 'Browser.')): msg['sessionId'] = self.session
        os.write(self.to_w, json.dumps(msg).encode() + b'\0')
        end = time.time() + timeout
        while (m := self._read(end - time.time())) is not None:
            if m.get('id') == self.n:
                if 'error' in m: raise RuntimeError(f"{method}: {m['error'].get('message')}")
                return m.get('result', {})
            self.events.append(m.get('method'))
        raise TimeoutError(f'{method}: no reply from Chromium in {timeout} s')

    def wait_event(self, name, timeout):
        end = time.time() + timeout
        while name not in self.events:
            m = self._read(end - time.time())
            if m is None: return False
            self.events.append(m.get('method'))
        return True

    def screenshot(self, url, png):
        "Load `url`, let MathJax finish, and save a screenshot of the whole page; the page height and the shot's."
        self.call('Emulation.setDeviceMetricsOverride', width=WIDTH, height=900, deviceScaleFactor=1, mobile=False)
        self.events = []
        self.call('Page.navigate', url=url)
        self.wait_event('Page.loadEventFired', 60)
        self.call('Runtime.evaluate', awaitPromise=True, expression=
                  "Promise.race([new Promise(r => setTimeout(r, 15000)), new Promise(r => (window.MathJax && MathJax.Hub)"
                  " ? MathJax.Hub.Queue(r) : r())])")
        height = self.call('Runtime.evaluate', returnByValue=True, expression=
                           'Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))')
        height = int(height['result']['value'])
        shot = min(height, MAX_HEIGHT)
        self.call('Emulation.setDeviceMetricsOverride', width=WIDTH, height=shot, deviceScaleFactor=1, mobile=False)
        data = self.call('Page.captureScreenshot', format='png', timeout=120)['data']
        Path(png).write_bytes(base64.b64decode(data))
        return height, shot

    def close(self):
        try: self.call('Browser.close', timeout=10)
        except Exception: pass
        try: self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired: self.proc.kill(); self.proc.wait()
        os.close(self.to_w); os.close(self.from_r)
        shutil.rmtree(self.profile, ignore_errors=True)

def fixed_screenshot(exe, url, png):
    "The fallback: Chromium's own `--screenshot` of a fixed 1280x4000 window (pages taller than that are cut)."
    profile = tempfile.mkdtemp(prefix='render_pages_chromium_')
    try:
        subprocess.run([exe, *CHROMIUM_FLAGS, f'--user-data-dir={profile}', f'--screenshot={png}',
                        f'--window-size={WIDTH},{FIXED_HEIGHT}', '--virtual-time-budget=15000', url],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=True)
    finally: shutil.rmtree(profile, ignore_errors=True)
    return None, FIXED_HEIGHT

# ---------------------------------------------------------------------------------------------------------------------

def select_pages(pages, names):
    "The sidebar pages named in `names`: `02_quantizers`, `nbs/02_quantizers.ipynb`, `experiments/seeds`, `seeds`."
    if not names: return pages
    keys = lambda r: {r.removesuffix('.ipynb'), Path(r).stem}
    want = {n.removeprefix('nbs/').removesuffix('.ipynb') for n in names}
    unknown = want - set().union(*(keys(r) for _, r in pages))
    if unknown: sys.exit(f"render_pages: not in _quarto.yml's sidebar: {', '.join(sorted(unknown))}")
    return [(s, r) for s, r in pages if keys(r) & want]

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--pages', nargs='+', metavar='NAME', help='render only these notebooks (default: every page)')
    ap.add_argument('--no-screenshots', action='store_true', help='write the HTML only')
    ap.add_argument('--strict', action='store_true', help='warnings (stderr, no Chromium) fail too')
    ap.add_argument('--run-mixed-cells', action='store_true', help='run cells that mix imports with other code, as '
                    'nbdev_docs does (slow: it trains what they train; shows the failures the docs build would meet)')
    ap.add_argument('--mathjax-url', help="MathJax for the pages (default: Debian's libjs-mathjax if installed, "
                    "else nbconvert's CDN default)")
    args = ap.parse_args(argv)

    import nbformat
    from nbdev.config import get_config
    pages = sidebar_pages()
    todo = select_pages(pages, args.pages)
    raw = {r: json.loads((NBS/r).read_text(encoding='utf-8')) for _, r in pages}
    titles = {r: raw_title(nb) for r, nb in raw.items()}
    cfg = get_config()
    site_prefix = (cfg.get('doc_host', '') + cfg.get('doc_baseurl', '')).rstrip('/') + '/' if cfg.get('doc_host') else ''
    mathjax = args.mathjax_url or (DEBIAN_MATHJAX.as_uri() + '?config=TeX-AMS_CHTML-full,Safe'
                                   if DEBIAN_MATHJAX.exists() else None)
    (OUT/'screenshots').mkdir(parents=True, exist_ok=True)
    exporter = make_exporter()
    if mathjax: exporter.mathjax_url = mathjax

    shots = not args.no_screenshots
    global_warns = []
    if shots and not CHROMIUM:
        global_warns.append('Chromium is not installed, so there are no screenshots: install it with '
                            '`apt-get install -y chromium` (Debian), or pass --no-screenshots')
        shots = False
    browser = None
    if shots:
        try: browser = Chromium(CHROMIUM)
        except Exception as e:
            global_warns.append(f'DevTools pipe to Chromium failed ({e}): fixed {WIDTH}x{FIXED_HEIGHT} screenshots')
    if not mathjax: global_warns.append("no local MathJax (Debian: apt-get install libjs-mathjax): math needs network")

    results, t0, log = [], time.time(), []
    def say(line):
        print(line, flush=True); log.append(line)
    # one fresh process per notebook, as a clean nbdev worker: the show_doc pass imports tokrepro, whose registries
    # would otherwise see one notebook's exported cells next to the modules another notebook imports
    import multiprocessing
    pool = multiprocessing.get_context('spawn').Pool(1, maxtasksperchild=1)
    jobs = [pool.apply_async(process_page, (rel, args.run_mixed_cells)) for _, rel in todo]
    pool.close()
    try:
        for (sec, rel), job in zip(todo, jobs):
            path, name = NBS/rel, rel.removesuffix('.ipynb')
            fails, warns, notes = check_outputs(raw[rel])
            nb, proc_warns, proc_fails = job.get()
            fails += proc_fails
            warns += [f'nbdev: {w}' for w in proc_warns]
            title = quartoize(nb) or titles.get(rel) or name
            titles[rel] = title
            notes += visible_directives(nb)
            if (lost := title_cell_loss(raw[rel])): notes.append(lost)
            for i, c in enumerate(nb['cells']): c['id'] = f'c{i}'
            node = nbformat.reads(json.dumps(nb), as_version=4)  # rejoins multi-line strings as reading a file does
            resources = {'metadata': {'name': title, 'path': str(path.parent)}, 'tr_css': CSS, 'tr_math': has_math(nb),
                         'tr_nav': nav_html(pages, titles, rel), 'tr_pager': pager_html(pages, titles, rel)}
            body, _ = exporter.from_notebook_node(node, resources=resources)
            main_part = body.split('<main>', 1)[-1]
            figures, tables = len(re.findall(r'<img\b', main_part)), len(re.findall(r'<table\b', main_part))
            out = OUT/html_name(rel)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(fix_links(body, site_prefix, rel), encoding='utf-8')
            shot = '-'
            if shots:
                png = OUT/'screenshots'/f'{name}.png'
                png.parent.mkdir(parents=True, exist_ok=True)
                try:
                    h, s = browser.screenshot(out.as_uri(), png) if browser else fixed_screenshot(CHROMIUM, out.as_uri(), png)
                    shot = png.relative_to(ROOT).as_posix()
                    if h and h > s: notes.append(f'page is {h} px tall: the screenshot shows the top {s} px')
                except Exception as e: warns.append(f'screenshot failed: {e}')
            status = 'FAIL' if fails or (args.strict and warns) else 'PASS'
            say(f"{status}  {name:<24} {out.relative_to(ROOT).as_posix():<36} {out.stat().st_size/1024:7.0f} KB  "
                f"figures {figures:<3} tables {tables:<3} {shot}")
            for kind, items in (('FAIL', fails), ('warning', warns), ('note', notes)):
                for it in items: say(f'      {kind}: {it}')
            results.append(status)
    finally:
        pool.terminate()
        if browser: browser.close()
    for w in global_warns: say(f'WARNING: {w}')
    n_fail = results.count('FAIL')
    say(f"{len(results) - n_fail} pages passed, {n_fail} failed, in {time.time() - t0:.0f} s; open "
        f"{(OUT/html_name(todo[0][1])).relative_to(ROOT).as_posix()} in a browser (this report: _pages/report.txt)")
    (OUT/'report.txt').write_text('\n'.join(log) + '\n', encoding='utf-8')
    return 1 if n_fail or (args.strict and global_warns) else 0

if __name__ == '__main__': sys.exit(main())
