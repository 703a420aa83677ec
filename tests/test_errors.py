"""The exception tree drawn in errors.py's docstring is the real one: every class, each under its parent."""

from __future__ import annotations

import re

from newsgraph import errors

# A line of the drawing: the class name after the tree's branches ("│   ├── InputNotFound").
_CLASS_NAME = re.compile(r"[A-Z]\w+")


def _drawn_tree() -> dict[str, str | None]:
    """Each class named in the docstring's drawing, with the class it is drawn under: the nearest
    line above it whose name starts further left."""
    doc = errors.__doc__ or ""
    drawing = doc.split("::", 1)[1].split("\n\n", 2)[1]
    parents: dict[str, str | None] = {}
    above: list[tuple[int, str]] = []  # (column, name) of the open branches, left to right
    for line in drawing.splitlines():
        match = _CLASS_NAME.search(line)
        assert match is not None, f"a line of the drawing that names no class: {line!r}"
        column, name = match.start(), match.group()
        while above and above[-1][0] >= column:
            above.pop()
        parents[name] = above[-1][1] if above else None
        above.append((column, name))
    return parents


def _real_tree() -> dict[str, str | None]:
    """Each NewsgraphError class of errors.py, with its nearest NewsgraphError base."""
    out: dict[str, str | None] = {}
    for kind in vars(errors).values():
        if not (isinstance(kind, type) and issubclass(kind, errors.NewsgraphError)):
            continue
        bases = [b for b in kind.__bases__ if issubclass(b, errors.NewsgraphError)]
        out[kind.__name__] = bases[0].__name__ if bases else None
    return out


def test_the_drawn_exception_tree_is_complete_and_right() -> None:
    assert _drawn_tree() == _real_tree()


def test_every_error_class_lives_in_errors_py() -> None:
    """Stages add their error classes to errors.py, so the drawing there can show them all."""
    import newsgraph

    assert newsgraph.NewsgraphError is errors.NewsgraphError
    assert all(kind.__module__ == "newsgraph.errors" for kind in _all_subclasses(errors.NewsgraphError))


def _all_subclasses(kind: type) -> list[type]:
    found = []
    for sub in kind.__subclasses__():
        found.extend([sub, *_all_subclasses(sub)])
    return found
