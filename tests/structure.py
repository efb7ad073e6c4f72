"""The registry's architecture, written down as a table and checked by reading the code.

The project is a stack of layers ("apps"). Each app may use the apps below it and never the
ones above or beside it, so that a change high up (issuing certificates) cannot break
something low down (the standards catalogue), and each layer can be read, tested and
reasoned about without the ones above it. This module walks the source and the templates and
reports every place where that is not true. It needs only the standard library: no Django,
no database, nothing is imported, everything is read as text or as a syntax tree.

To add an app, add one line to APPS.
"""

import ast
import os
import posixpath
import re
from pathlib import Path
from typing import NamedTuple


class App(NamedTuple):
    name: str
    folder: str  # package folder, relative to the repository root
    templates: str | None  # folder under templates/ that the app owns (None: owns none)
    may_import: tuple[str, ...]  # apps it may use besides itself; "*" means every app


EVERYTHING = ("*",)

# fmt: off
APPS = (
    #   name            package folder                templates folder           may import
    App("core",         "conocer/core",               "core",                    ()),
    App("trust",        "certification/trust",        "certification/trust",     ("core",)),
    App("standards",    "standards",                  "standards",               ("core",)),
    App("bodies",       "bodies",                     "bodies",
        ("standards", "core")),
    App("assessment",   "certification/assessment",   "certification/assessment",
        ("bodies", "standards", "core")),
    App("issuance",     "certification/issuance",     "certification/issuance",
        ("assessment", "bodies", "standards", "trust", "core")),
    App("verification", "certification/verification", "certification/verification",
        ("issuance", "assessment", "bodies", "standards", "trust", "core")),
    # The holder's own space: reads issuance and verification, calls their services.
    App("holders",      "certification/holders",      "certification/holders",
        ("verification", "recognition", "issuance", "assessment", "bodies", "standards",
         "trust", "core")),
    # Recognition of foreign certificates: beside issuance, issuing through it.
    App("recognition",  "certification/recognition",  "certification/recognition",
        ("issuance", "assessment", "bodies", "standards", "trust", "core")),
    # Public statistics and open data: read models fed by issuance's events.
    App("statistics",   "certification/statistics",   "certification/statistics",
        ("issuance", "assessment", "bodies", "standards", "trust", "core")),
    # Back-office dashboards of awarding bodies, centres and CONOCER.
    App("dashboards",   "certification/dashboards",   "certification/dashboards",
        ("statistics", "issuance", "assessment", "bodies", "standards", "trust", "core")),
    # Staff accounts: lockout, two factors, session limits; asks bodies who reviews.
    App("accounts",     "conocer/accounts",           "accounts",
        ("bodies", "core")),
    App("wiring",       "conocer",                    None,                      EVERYTHING),
)
# fmt: on

# Top-level packages whose modules are the project's own (everything else is a library).
PROJECT_PACKAGES = tuple(sorted({app.folder.split("/")[0] for app in APPS}))

# Tag libraries that come with Django or its contrib apps: anyone may load them.
BUILTIN_TAG_LIBRARIES = frozenset(
    {"i18n", "static", "l10n", "tz", "cache", "humanize", "admin_urls", "admin_list",
     "admin_modify", "log"}
)

# The calls that turn a url name into a url in Python code.
URL_FUNCTIONS = frozenset({"reverse", "reverse_lazy", "redirect", "resolve_url"})

# Folders whose Python files are not held to the length limit: generated code, tests,
# benchmarks, and things that are not the project's source at all.
NOT_SOURCE_FOLDERS = frozenset(
    {"migrations", "tests", "bench", ".venv", "var", "static", "node_modules", "__pycache__"}
)

_APPS_BY_NAME = {app.name: app for app in APPS}


# --- Where things belong ---------------------------------------------------------------

def _most_specific(parts, folders):
    """The entry of `folders` (name -> tuple of path parts) that is the longest prefix of
    `parts`, so that conocer/core/x.py is core's even though conocer/ is wiring's."""
    best, best_length = None, -1
    for name, folder in folders.items():
        if len(folder) > best_length and tuple(parts[: len(folder)]) == folder:
            best, best_length = name, len(folder)
    return best


_PACKAGE_FOLDERS = {app.name: tuple(app.folder.split("/")) for app in APPS}
_TEMPLATE_FOLDERS = {app.name: tuple(app.templates.split("/")) for app in APPS if app.templates}


def app_of_module(module):
    """The app a dotted module name belongs to ('certification.issuance.services' ->
    'issuance'), or None for modules outside every app folder (e.g. certification/*.py)."""
    return _most_specific(module.split("."), _PACKAGE_FOLDERS)


def app_of_template(name):
    """The app that owns a template name ('bodies/directory.html' -> 'bodies'), or None for
    the wiring's templates (base.html, admin/, registration/, ...), which anyone may use."""
    return _most_specific(posixpath.normpath(name).split("/"), _TEMPLATE_FOLDERS)


def may_use(user, used):
    """Whether app `user` may depend on app `used` (an app may always use itself)."""
    allowed = _APPS_BY_NAME[user].may_import
    return used == user or used in allowed or "*" in allowed


def _allowed_text(app):
    allowed = _APPS_BY_NAME[app].may_import
    return ", ".join(allowed) if allowed else "nothing of the project"


# --- Reading the source ----------------------------------------------------------------

def _read(path):
    """A file's text, or None if it cannot be read (files move while the layout changes)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _module_name(relative):
    """'certification/issuance/__init__.py' -> 'certification.issuance'."""
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _skipped_folder(name):
    return name.startswith(".") or name == "__pycache__"


def project_modules(root):
    """Every Python module of the project packages, as {dotted name: path relative to root}.
    Migrations and management commands are modules like any other: they are imported."""
    root, modules = Path(root), {}
    for package in PROJECT_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if any(_skipped_folder(part) for part in relative.parts[:-1]):
                continue
            modules[_module_name(relative)] = relative.as_posix()
    return modules


class _Import(NamedTuple):
    target: str  # dotted name of the module whose code the statement needs
    line: int
    statement: str  # the statement, when the target alone would not say which one it is


def _is_project(module):
    return module.split(".")[0] in PROJECT_PACKAGES


def _exists(root, module, modules):
    """Whether `module` is a module or a package (with or without __init__.py)."""
    return module in modules or (root / module.replace(".", "/")).is_dir()


def _imports(root, module, relative_path, tree, modules):
    """The project modules a file imports, anywhere in it (module level, functions,
    `if TYPE_CHECKING:`), in line order, with relative imports resolved against the file's
    package. `from pkg import x` imports pkg.x when that is a module or package, and
    otherwise a name from pkg's __init__, so it imports pkg.

    A package's __init__ taking names from itself (`from . import views` where views is
    gone, or is a name set earlier in the __init__) is not counted: that would be a false
    cycle of the package with itself."""
    is_package = relative_path.endswith("/__init__.py")
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [_Import(alias.name, node.lineno, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            statement = ast.unparse(node)
            if node.level:
                base_parts = package.split(".") if package else []
                if node.level - 1 >= len(base_parts):
                    continue  # climbs above the top-level package: Python refuses it too
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if alias.name != "*" and _exists(root, submodule, modules):
                    found.append(_Import(submodule, node.lineno, statement * bool(node.level)))
                elif not (is_package and base == module):
                    plain = base in modules and not modules[base].endswith("__init__.py")
                    found.append(_Import(base, node.lineno, statement * (not plain)))
    found = {imp for imp in found if _is_project(imp.target)}
    return sorted(found, key=lambda imp: (imp.line, imp.target))


def _parsed_modules(root):
    """(module, path, syntax tree or the SyntaxError) for every project module."""
    for module, path in project_modules(root).items():
        text = _read(root / path)
        if text is None:
            continue
        try:
            yield module, path, ast.parse(text, filename=path)
        except SyntaxError as error:
            yield module, path, error


def _import_table(root):
    """{module: (path, [imports])} for every module that parses."""
    modules = project_modules(root)
    table = {}
    for module, path, tree in _parsed_modules(root):
        if not isinstance(tree, SyntaxError):
            table[module] = (path, _imports(root, module, path, tree, modules))
    return table


# --- 1. Layers -------------------------------------------------------------------------

def layer_violations(root):
    """Imports of an app above or beside the importing one, or of a module that belongs to
    no app. These are the dependencies that make a low layer break when a high one changes.
    A file that does not parse is reported too, so that it is never silently skipped."""
    root = Path(root)
    modules = project_modules(root)
    problems = []
    for module, path, tree in _parsed_modules(root):
        if isinstance(tree, SyntaxError):
            problems.append(f"{path} cannot be parsed: {tree.msg} (line {tree.lineno})")
            continue
        app = app_of_module(module)
        if app is None or "*" in _APPS_BY_NAME[app].may_import:
            continue
        for imp in _imports(root, module, path, tree, modules):
            used = app_of_module(imp.target)
            if used is not None and may_use(app, used):
                continue
            where = f"{path}:{imp.line} imports {imp.target}"
            if imp.statement:
                where += f" via `{imp.statement}`"
            if used is None:
                problems.append(f"{where}, which belongs to no app "
                                f"({app} may import only: {_allowed_text(app)})")
            else:
                problems.append(f"{where} ({app} may import only: {_allowed_text(app)})")
    return problems


# --- 2. Cycles -------------------------------------------------------------------------

def _import_graph(root):
    """{module: {imported module: first line}} over the project's module files."""
    graph = {}
    for module, (_path, imports) in _import_table(root).items():
        edges = graph.setdefault(module, {})
        for imp in imports:
            edges.setdefault(imp.target, imp.line)
    for edges in graph.values():
        for target in [target for target in edges if target not in graph]:
            del edges[target]  # a package folder without __init__.py, or a missing module
    return graph


def _strongly_connected(graph):
    """Tarjan's algorithm, iteratively: the groups of modules that all reach each other."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def _one_cycle(graph, members):
    """A shortest path from the first member back to itself inside the component, so the
    report shows real import statements to cut, not just a bag of modules."""
    start, inside = members[0], set(members)
    previous, queue = {}, [start]
    for node in queue:
        for child in sorted(graph[node]):
            if child not in inside:
                continue
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return [start, start]


def module_cycles(root):
    """Groups of modules that import each other, directly or through others. A cycle means
    no module of it can be understood, tested or moved alone, and import order decides
    whether the process even starts."""
    root = Path(root)
    modules = project_modules(root)
    graph = _import_graph(root)
    problems = []
    for members in _strongly_connected(graph):
        if len(members) == 1 and members[0] not in graph[members[0]]:
            continue
        cycle = _one_cycle(graph, members)
        text = " -> ".join(modules.get(module, module) for module in cycle)
        steps = zip(cycle, cycle[1:], strict=False)
        lines = ", ".join(f"{modules.get(a, a)}:{graph[a][b]}" for a, b in steps)
        problem = f"cycle: {text} (imports at {lines})"
        others = sorted(set(members) - set(cycle))
        if others:
            problem += "; also in the cycle: " + ", ".join(modules.get(m, m) for m in others)
        problems.append(problem)
    return problems


# --- 3. Length -------------------------------------------------------------------------

def _source_files(root):
    """Python files under root, not descending into NOT_SOURCE_FOLDERS or hidden folders
    (walking .venv alone would take longer than every other check together)."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(
            name for name in subfolders
            if name not in NOT_SOURCE_FOLDERS and not name.startswith(".")
        )
        found += [Path(folder) / name for name in sorted(files) if name.endswith(".py")]
    return found


def long_modules(root, limit=400):
    """Python source files over `limit` lines. A long module usually holds more than one
    idea; splitting it is cheap now and expensive once everything imports it."""
    root = Path(root)
    problems = []
    for path in _source_files(root):
        relative = path.relative_to(root)
        text = _read(path)
        if text is None:
            continue
        count = len(text.splitlines())
        if count > limit:
            problems.append(f"{relative.as_posix()} has {count} lines (limit {limit}): "
                            f"split it into smaller modules")
    return problems


# --- 4. Templates ----------------------------------------------------------------------

_TEMPLATE_TAG = re.compile(r"\{%\s*(load|url|include|extends)\s+(.*?)\s*%\}")
_QUOTED = re.compile(r"""^(["'])(.*?)\1""")
_COMMENTS = re.compile(
    r"\{#.*?#\}|\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{%\s*verbatim\b.*?%\}.*?\{%\s*endverbatim\s*%\}",
    re.DOTALL,
)


def _without_comments(text):
    """The template with comments and verbatim blocks blanked out (newlines kept, so line
    numbers stay right): Django does not run the tags inside them, neither should we."""
    return _COMMENTS.sub(lambda match: "\n" * match.group().count("\n"), text)


def tag_libraries(root):
    """{library name: app} for every <app folder>/templatetags/<name>.py."""
    libraries = {}
    for package in PROJECT_PACKAGES:
        for path in sorted((Path(root) / package).rglob("templatetags/*.py")):
            relative = path.relative_to(root)
            if path.stem == "__init__" or any(_skipped_folder(p) for p in relative.parts):
                continue
            app = app_of_module(_module_name(relative))
            if app is not None:
                libraries[path.stem] = app
    return libraries


def _app_name(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        else:
            continue
        names = {target.id for target in targets if isinstance(target, ast.Name)}
        if "app_name" in names and isinstance(value, ast.Constant) and isinstance(
            value.value, str
        ):
            return value.value
    return None


def url_namespaces(root):
    """{namespace: app} from `app_name = "..."` in the urls modules of each app folder
    (urls.py, urls_*.py, or a urls/ package). Namespaces no app owns are not checked."""
    namespaces = {}
    for module, _path, tree in _parsed_modules(Path(root)):
        app = app_of_module(module)
        parts = module.split(".")
        is_urls = parts[-1].startswith("urls") or "urls" in parts[:-1]
        if app is None or not is_urls or isinstance(tree, SyntaxError):
            continue
        name = _app_name(tree)
        if name:
            namespaces[name] = app
    return namespaces


def _template_problems(owner, name, text, libraries, namespaces):
    """What one owned template uses of apps it may not use."""
    allowed = f"({owner} may use only: {_allowed_text(owner)})"
    problems = []
    text = _without_comments(text)
    for match in _TEMPLATE_TAG.finditer(text):
        tag, argument = match.groups()
        where = f"templates/{name}:{text.count(chr(10), 0, match.start()) + 1}"
        if tag == "load":
            words = argument.split()
            loaded = words[-1:] if "from" in words[:-1] else words
            for library in loaded:
                provider = libraries.get(library)
                if library in BUILTIN_TAG_LIBRARIES or provider is None:
                    continue
                if not may_use(owner, provider):
                    problems.append(f"{where} loads tag library {library} of {provider} "
                                    f"{allowed}")
            continue
        quoted = _QUOTED.match(argument)
        if not quoted:
            continue  # a variable: cannot be known by reading
        value = quoted.group(2)
        if tag == "url":
            namespace = value.split(":")[0] if ":" in value else None
            used = namespaces.get(namespace)
            if used is not None and not may_use(owner, used):
                problems.append(f"{where} links to url '{value}' of {used} {allowed}")
        else:
            if value.startswith(("./", "../")):
                value = posixpath.normpath(posixpath.join(posixpath.dirname(name), value))
            used = app_of_template(value)
            if used is not None and not may_use(owner, used):
                verb = "extends" if tag == "extends" else "includes"
                problems.append(f"{where} {verb} {value}, a template of {used} {allowed}")
    return problems


def template_violations(root):
    """Templates of an app that load tag libraries, link to urls or include/extend
    templates of an app above or beside it: the same upward dependency as an import, only
    hidden in HTML, and found only when the page renders."""
    root = Path(root)
    templates = root / "templates"
    libraries, namespaces = tag_libraries(root), url_namespaces(root)
    problems = []
    for path in sorted(templates.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(templates).as_posix()
        owner = app_of_template(name)
        text = _read(path) if owner else None
        if text is not None:
            problems += _template_problems(owner, name, text, libraries, namespaces)
    return problems


# --- 5. Url names in Python ------------------------------------------------------------

def _url_name_argument(call):
    """The url name a reverse/redirect/resolve_url call passes as a string, if it does."""
    function = call.func
    called = function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)
    if called not in URL_FUNCTIONS:
        return None
    candidates = call.args[:1] + [k.value for k in call.keywords if k.arg in ("viewname", "to")]
    for argument in candidates[:1]:
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            return called, argument.value
    return None


def python_url_violations(root):
    """reverse("ns:name") and friends in an app's Python code naming a url of an app above
    or beside it: an import in disguise, which the import check cannot see."""
    root = Path(root)
    namespaces = url_namespaces(root)
    problems = []
    for module, path, tree in _parsed_modules(root):
        app = app_of_module(module)
        if app is None or isinstance(tree, SyntaxError):
            continue
        calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
        for node in sorted(calls, key=lambda call: (call.lineno, call.col_offset)):
            found = _url_name_argument(node)
            if not found or ":" not in found[1]:
                continue
            called, value = found
            used = namespaces.get(value.split(":")[0])
            if used is not None and not may_use(app, used):
                problems.append(f"{path}:{node.lineno} {called}('{value}') names a url of "
                                f"{used} ({app} may use only: {_allowed_text(app)})")
    return problems


# --- All of it -------------------------------------------------------------------------

def all_problems(root):
    """Every problem every check finds, in one list."""
    return [
        *layer_violations(root),
        *module_cycles(root),
        *long_modules(root),
        *template_violations(root),
        *python_url_violations(root),
    ]
