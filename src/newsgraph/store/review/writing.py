"""Writing corrections and undoing them, with optimistic concurrency on each item's version."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ...errors import Messages, StaleCorrection
from .. import ingest as writer
from .. import schema
from ..connect import storage_errors, writing
from .checks import check
from .reading import _article_row, _machine_item, _state_row
from .vocabulary import ADDED_MARK, ADDED_PREFIX, KINDS, Correction, _refuse, is_added

if TYPE_CHECKING:
    from ..api import Store


def _stale(correction_kind: str, item: str, article: str, given: int, head: Any) -> StaleCorrection:
    return StaleCorrection(
        Messages.CORRECTION_STALE.format(
            kind=correction_kind,
            item=item,
            article=article,
            given=given,
            found=0 if head is None else head.version,
            by="nobody" if head is None else head.updated_by,
            at="-" if head is None else head.updated_at,
        )
    )


def _head(conn: Connection, article: str, kind: str, item: str) -> Any:
    ri = schema.review_items
    return conn.execute(
        select(ri).where(ri.c.article_id == article, ri.c.kind == kind, ri.c.item_id == item)
    ).first()


def _write_change(
    conn: Connection,
    *,
    article: str,
    kind: str,
    item: str,
    head: Any,
    machine: dict[str, Any],
    given: int,
    action: str,
    after: dict[str, Any],
    author: str,
    note: str | None,
    undoes: int | None = None,
) -> int:
    """Move an item's head row from version ``given`` to ``given + 1`` and log the change.

    The head moves only if it is still at ``given`` (an UPDATE ... WHERE version = given, or an
    INSERT that the unique index refuses twice): a writer that lost the race raises StaleCorrection.
    """
    ri, co = schema.review_items, schema.corrections
    at = writer.now()
    before = {"status": "machine", "coding": machine} if head is None else _status(head)
    values = {"status": after["status"], "coding": after["coding"], "updated_at": at, "updated_by": author}
    if head is None:
        try:
            with conn.begin_nested():
                item_pk = schema.new_pk(
                    conn.execute(
                        ri.insert().values(
                            article_id=article, kind=kind, item_id=item, version=1, machine=machine, **values
                        )
                    )
                )
        except IntegrityError as exc:
            raise _stale(kind, item, article, given, _head(conn, article, kind, item)) from exc
    else:
        item_pk = head.pk
        moved = conn.execute(
            update(ri).where(ri.c.pk == head.pk, ri.c.version == given).values(version=given + 1, **values)
        )
        if moved.rowcount != 1:
            raise _stale(kind, item, article, given, _head(conn, article, kind, item))
    return schema.new_pk(
        conn.execute(
            co.insert().values(
                item_pk=item_pk,
                article_id=article,
                kind=kind,
                item_id=item,
                version=given + 1,
                action=action,
                before=before,
                after=after,
                undoes=undoes,
                author=author,
                at=at,
                note=note,
            )
        )
    )


def _status(head: Any) -> dict[str, Any]:
    return {"status": head.status, "coding": head.coding}


def correct(store: Store, correction: Correction) -> dict[str, Any]:
    """Store one correction (checked first; refused ones store nothing); return the item's new state.

    Raises CorrectionRefused for what the article or PLOVER does not have, StaleCorrection when the
    item has changed since the version the reviewer saw, NotInDatabase for an unknown article.
    """
    with storage_errors(store.where), writing(store.engine).begin() as conn:
        row = _article_row(conn, correction.article, store.where)
        if correction.kind not in KINDS:
            raise _refuse(f"unknown kind {correction.kind!r}; expected one of {', '.join(KINDS)}")
        if correction.action == "add":
            return _add(conn, correction, row.analysis)
        head = _head(conn, correction.article, correction.kind, correction.item)
        machine = _machine_item(row.analysis, correction.kind, correction.item)
        if head is not None:
            machine = head.machine  # as first corrected: what the reviewers saw
        if head is not None and is_added(head.machine) and head.status == "machine":
            raise _refuse(
                f"{correction.kind} {correction.item} was added by a reviewer and that was undone; "
                "add it again instead"
            )
        # An edit changes the item as it stands (a rejected one: as the machine coded it).
        current = machine if head is None or head.coding is None else head.coding
        changes = check(correction, row.analysis, current)
        found = 0 if head is None else head.version
        if correction.version != found:
            raise _stale(correction.kind, correction.item, correction.article, correction.version, head)
        assert machine is not None and current is not None  # check() refused an unknown item
        if correction.action == "accept":
            after = {"status": "accepted", "coding": current}
        elif correction.action == "reject":
            after = {"status": "rejected", "coding": None}
        else:
            assert changes is not None
            after = {"status": "edited", "coding": {**current, **changes}}
        _write_change(
            conn,
            article=correction.article,
            kind=correction.kind,
            item=correction.item,
            head=head,
            machine=machine,
            given=found,
            action=correction.action,
            after=after,
            author=correction.author.strip(),
            note=correction.note,
        )
        return _state_row(_head(conn, correction.article, correction.kind, correction.item))


def _add(conn: Connection, correction: Correction, analysis: dict[str, Any]) -> dict[str, Any]:
    """Store an event or quote the machine missed, under the next free id (AV1, AV2, ...)."""
    changes = check(correction, analysis)
    assert changes is not None
    if correction.version != 0:
        raise _refuse(f"an added {correction.kind} is new: send version 0, not {correction.version}")
    prefix = ADDED_PREFIX[correction.kind]
    ri = schema.review_items
    taken = conn.execute(
        select(ri.c.item_id).where(ri.c.article_id == correction.article, ri.c.kind == correction.kind)
    ).scalars()
    numbers = [int(i[len(prefix) :]) for i in taken if i.startswith(prefix) and i[len(prefix) :].isdigit()]
    item = f"{prefix}{max(numbers, default=0) + 1}"
    # Two reviewers adding at once: the unique index refuses the second row, which is told to reload.
    _write_change(
        conn,
        article=correction.article,
        kind=correction.kind,
        item=item,
        head=None,
        # Its "machine" coding is the item as first added, marked: what an edit after a rejection changes.
        machine={**changes, "id": item, ADDED_MARK: True},
        given=0,
        action="add",
        after={"status": "added", "coding": {**changes, "id": item}},
        author=correction.author.strip(),
        note=correction.note,
    )
    return _state_row(_head(conn, correction.article, correction.kind, item))


def undo(store: Store, article: str, kind: str, item: str, *, version: int, author: str) -> dict[str, Any]:
    """Take back the item's last correction not yet undone (an undo is logged as a change of its own).

    Undoing every correction of an item restores the machine coding. ``version`` is the item's
    version the reviewer saw, as for ``correct``.
    """
    if kind not in KINDS:
        raise _refuse(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not author.strip():
        raise _refuse("an undo needs its author (who made it)")
    co = schema.corrections
    with storage_errors(store.where), writing(store.engine).begin() as conn:
        _article_row(conn, article, store.where)
        head = _head(conn, article, kind, item)
        found = 0 if head is None else head.version
        if version != found:
            raise _stale(kind, item, article, version, head)
        if head is None:
            raise _refuse(f"{kind} {item} has no correction to undo")
        stack: list[Any] = []
        for change in conn.execute(select(co).where(co.c.item_pk == head.pk).order_by(co.c.version)):
            if change.action == "undo":
                stack.pop()
            else:
                stack.append(change)
        if not stack:
            raise _refuse(f"{kind} {item} has no correction left to undo (the machine coding is in force)")
        target = stack[-1]
        _write_change(
            conn,
            article=article,
            kind=kind,
            item=item,
            head=head,
            machine=head.machine,
            given=found,
            action="undo",
            after=dict(target.before),
            author=author.strip(),
            note=None,
            undoes=target.pk,
        )
        return _state_row(_head(conn, article, kind, item))
