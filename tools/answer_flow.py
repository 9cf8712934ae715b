"""Which plain code cells of a course notebook depend on a learner's answers (for the web book).

A cell that runs after an exercise often shows the learner's answer beside a measurement ("your
prediction: ..."). In the executed ``solutions/`` notebook that cell prints the *solution's* answer, so its
stored output must not be published. The analysis is a small, conservative data flow over module-level
names, by the cells' syntax (nothing is executed):

* every name an answer cell (nbgrader ``solution``) binds is tainted, except modules;
* a statement of a plain cell that reads a tainted name uses the answers: its cell is reported, and the
  names it binds or mutates (``rows.append(x)`` changes ``rows``) become tainted; inside loops, ``if`` and
  ``with`` blocks each statement is judged on its own, but everything bound under a tainted condition or loop
  is tainted;
* a module-level assignment that reads no tainted name rebinds its targets to clean values, and so does
  a ``for`` loop over a clean iterable for its loop variable;
* test cells (nbgrader ``grade``) never pass taint on: the course's rule is that nothing after an exercise
  depends on its test cell (their names start with ``_``, and hidden blocks are absent from the release).

Function bodies count by the module names they read (parameters and locals excluded), so
``def show(): print(predicted_ratio())`` taints ``show``.
"""

from __future__ import annotations

import ast
import re

import nbformat

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
COMPOUND = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try, ast.Match)


def _targets(node: ast.AST) -> set[str]:
    """Names an assignment target binds; for ``a[i] = ...`` or ``a.x = ...`` the object it changes, ``a``."""
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, (ast.Tuple, ast.List)):
        return set().union(*(_targets(element) for element in node.elts))
    if isinstance(node, ast.Starred):
        return _targets(node.value)
    if isinstance(node, (ast.Attribute, ast.Subscript)):
        return _targets(node.value)
    return set()


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def imported_names(tree: ast.AST) -> set[str]:
    """Names bound by ``import`` statements anywhere in ``tree``: modules, never an answer."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def bound_names(node: ast.AST) -> set[str]:
    """Module-level names ``node`` binds or changes: assignment, loop, ``with`` and walrus targets, ``def``
    and ``class`` names, imports, and objects whose methods it calls. Function bodies bind nothing here."""
    names: set[str] = set()
    todo: list[ast.AST] = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(current.name)
            continue
        if isinstance(current, (ast.Lambda, *COMPREHENSIONS)):
            continue  # their targets are local to them
        if isinstance(current, ast.Assign):
            for target in current.targets:
                names |= _targets(target)
        elif isinstance(current, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.NamedExpr)):
            names |= _targets(current.target)
        elif isinstance(current, ast.withitem) and current.optional_vars is not None:
            names |= _targets(current.optional_vars)
        elif isinstance(current, ast.ExceptHandler) and current.name:
            names.add(current.name)
        elif isinstance(current, (ast.Import, ast.ImportFrom)):
            names |= imported_names(current)
        elif isinstance(current, ast.Call) and isinstance(current.func, ast.Attribute):
            root = _root_name(current.func.value)
            if root:
                names.add(root)
        todo.extend(ast.iter_child_nodes(current))
    return names


def _locals(scope: ast.AST) -> set[str]:
    """Parameters of a function or lambda and every name stored inside it (its locals, roughly)."""
    arguments = scope.args
    params = {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs}
    params |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    body = scope.body if isinstance(scope.body, list) else [scope.body]
    stored = {n.id for b in body for n in ast.walk(b) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return params | stored | {n.name for b in body for n in ast.walk(b) if isinstance(n, (*SCOPES[:2], ast.ClassDef))}


def reads(node: ast.AST) -> set[str]:
    """Names ``node`` reads from the module's namespace (a function's parameters and locals excluded)."""
    if isinstance(node, ast.Name):
        return {node.id} if isinstance(node.ctx, ast.Load) else set()
    if isinstance(node, SCOPES):
        arguments = node.args
        outer = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None),
                 *getattr(node, "decorator_list", []), *(a.annotation for a in arguments.args if a.annotation)]
        body = node.body if isinstance(node.body, list) else [node.body]
        inner = set().union(*(reads(b) for b in body)) - _locals(node)
        return inner | set().union(*(reads(o) for o in outer))
    if isinstance(node, COMPREHENSIONS):
        local = set().union(*(_targets(g.target) for g in node.generators))
        return set().union(*(reads(child) for child in ast.iter_child_nodes(node))) - local
    found = set().union(*(reads(child) for child in ast.iter_child_nodes(node)))
    if isinstance(node, ast.AugAssign):
        found |= _targets(node.target)  # x += 1 reads x
    return found


class _Flow:
    def __init__(self, modules: set[str]):
        self.modules = modules
        self.answers: set[str] = set()
        self.tainted: set[str] = set()

    def add_answers(self, names: set[str]) -> None:
        names = names - self.modules
        self.answers |= names
        self.tainted |= names

    def mentions(self, text: str) -> bool:
        """Text mentions a tainted name (for a cell that does not parse)."""
        return bool(self.tainted) and re.search(
            r"\b(?:" + "|".join(map(re.escape, sorted(self.tainted))) + r")\b", text) is not None

    def uses(self, node: ast.AST) -> bool:
        return bool(reads(node) & self.tainted)

    def taint(self, node: ast.AST) -> None:
        self.tainted |= bound_names(node) - self.modules

    def run(self, statements: list[ast.stmt], top: bool) -> bool:
        """Pass taint through ``statements``; True if one of them uses an answer."""
        used = False
        for statement in statements:
            if isinstance(statement, COMPOUND):
                used |= self._compound(statement)
            elif self.uses(statement):
                used = True
                self.taint(statement)
            elif top and isinstance(statement, (ast.Assign, ast.AnnAssign, ast.FunctionDef, ast.ClassDef,
                                                ast.Import, ast.ImportFrom)):
                self.tainted -= bound_names(statement)  # rebound from clean values
        return used

    def _compound(self, statement: ast.stmt) -> bool:
        headers: list[ast.AST] = []
        if isinstance(statement, (ast.For, ast.AsyncFor)):
            headers = [statement.iter]
        elif isinstance(statement, (ast.While, ast.If)):
            headers = [statement.test]
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            headers = list(statement.items)
        elif isinstance(statement, ast.Match):
            headers = [statement.subject]
        if any(self.uses(header) for header in headers):
            self.taint(statement)  # everything bound under a tainted loop or condition
            return True
        if isinstance(statement, (ast.For, ast.AsyncFor)):
            self.tainted -= _targets(statement.target)  # each pass rebinds the target from a clean iterable
        bodies = [getattr(statement, name, []) for name in ("body", "orelse", "finalbody")]
        bodies += [handler.body for handler in getattr(statement, "handlers", [])]
        bodies += [case.body for case in getattr(statement, "cases", [])]
        used = False
        loops = isinstance(statement, (ast.For, ast.AsyncFor, ast.While))
        for _ in range(2 if loops else 1):  # a loop's second pass sees what its first iteration tainted
            for body in bodies:
                used |= self.run(body, top=False)
        return used


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except SyntaxError:  # IPython magics: judged by their text alone
        return None


def cells_using_answers(nb: nbformat.NotebookNode) -> set[str]:
    """Ids of the plain code cells of ``nb`` (a release or a solution notebook) that may show an answer."""
    trees = {cell.id: _parse(cell.source) for cell in nb.cells if cell.cell_type == "code"}
    modules = set().union(*(imported_names(tree) for tree in trees.values() if tree is not None))
    flow = _Flow(modules)
    using = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        grader = cell.metadata.get("nbgrader", {})
        tree = trees[cell.id]
        if grader.get("solution"):
            flow.add_answers(bound_names(tree) if tree is not None else set(re.findall(r"\w+", cell.source)))
        elif grader.get("grade"):
            continue
        elif tree is None:
            if flow.mentions(cell.source):
                using.add(cell.id)
        elif flow.run(tree.body, top=True):
            using.add(cell.id)
    return using
